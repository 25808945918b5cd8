import type { LayoutPane } from "../view-model/layout.ts";
import * as allPanes from "./all-panes.ts";
import { pickNeeds, type Pane, type PaneCommand, type PaneHost, type PaneSpec } from "./pane-spec.ts";

// Each spec is generic over the host members it needs; the registry holds them side by side.
export type AnyPaneSpec = PaneSpec<any>;

/** The dashboard's panes in Tab order (the specs' `order`). */
export const DEFAULT_PANES: readonly AnyPaneSpec[] = sortPanes(Object.values(allPanes));

export function sortPanes(specs: readonly AnyPaneSpec[]): AnyPaneSpec[] {
  return [...specs].sort((a, b) => a.order - b.order);
}

/** The live panes, each made from its spec with only the host members it asked for. */
export class PaneRegistry {
  readonly specs: readonly AnyPaneSpec[];
  readonly #panes = new Map<string, Pane>();

  constructor(specs: readonly AnyPaneSpec[], host: PaneHost) {
    this.specs = sortPanes(specs);
    for (const spec of this.specs) {
      if (this.#panes.has(spec.id)) throw new Error(`two panes are called "${spec.id}"`);
      this.#panes.set(spec.id, spec.create(pickNeeds(host, spec.needs)));
    }
  }

  pane(id: string): Pane | undefined {
    return this.#panes.get(id);
  }

  spec(id: string): AnyPaneSpec | undefined {
    return this.specs.find((s) => s.id === id);
  }

  /** Ids that Tab cycles through. */
  focusOrder(): string[] {
    return this.specs.filter((s) => s.focusable).map((s) => s.id);
  }

  /** The slash commands the panes bring. */
  commands(): PaneCommand[] {
    return this.specs.flatMap((s) => this.#panes.get(s.id)!.commands ?? []);
  }

  /** What the layout needs: docks, default sizes, and how many rows the bottom panes want. */
  layoutPanes(cols: number): LayoutPane[] {
    return this.specs.map((s) => {
      const wanted = this.#panes.get(s.id)!.wantedRows?.(cols);
      return { id: s.id, dock: s.dock, ...(s.width !== undefined ? { width: s.width } : {}), ...(s.share !== undefined ? { share: s.share } : {}), ...(wanted !== undefined ? { wantedRows: wanted } : {}) };
    });
  }
}
