import type { AppContext } from "./app-context.ts";
import { slashCommands } from "./commands.ts";
import { completePath } from "./file-completion.ts";
import { argumentSuggestions, slashSuggestions } from "./view-model/slash-commands.ts";

/**
 * The palette under the input, from what is typed: slash commands, a command's choices, `@`
 * paths. Choices and paths arrive later; only the answer to the latest text is shown.
 */
export class InputCompletion {
  readonly #app: AppContext;
  #latest = 0;

  constructor(app: AppContext) {
    this.#app = app;
  }

  update(): void {
    const { editor, palette } = this.#app;
    const text = editor.text;
    const mention = editor.mention();
    const argument = /^\/(\S+) (\S*)$/.exec(text);
    const withChoices = argument ? slashCommands(this.#app).find((c) => c.name === argument[1]!.toLowerCase() && c.choices) : undefined;
    if (text.startsWith("/") && !/\s/.test(text)) palette.set(slashSuggestions(text, slashCommands(this.#app)));
    else if (argument && withChoices) {
      // Until the choices arrive, Enter sends what was typed.
      palette.close();
      const ticket = ++this.#latest;
      void withChoices.choices!(AbortSignal.timeout(5_000)).then(({ values, detail }) => {
        if (ticket !== this.#latest) return;
        palette.set(argumentSuggestions(withChoices.name, argument[2]!, values, detail));
        this.#app.redraw();
      }, () => undefined);
    } else if (mention) {
      const ticket = ++this.#latest;
      void completePath(this.#app.projectRoot, mention.prefix).then((items) => {
        if (ticket !== this.#latest) return;
        palette.set(items);
        this.#app.redraw();
      });
    } else palette.close();
  }
}
