import { describe, expect, it } from "vitest";
import type { ApprovalNeed } from "../../core/domain/approval-policy.ts";
import { shellDecision, SHELL_PLACES, testShellReader } from "../../test/support/shell-reader.ts";

/**
 * Commands that write outside the project through computed targets, links, or programs' own
 * options (issue 11), with what the engine does with them: "confirm" asks (refused when
 * headless), "block" in plan mode, "refuse" for Ursa's data directory in every mode. The
 * project is /work/proj, the home directory /home/me, the data directory
 * /home/me/.local/share/ursa (see SHELL_PLACES).
 */
type Decision = ApprovalNeed | "refuse";
type Case = readonly [command: string, auto: Decision, plan?: Decision, safe?: Decision];

const COMPUTED_TARGETS: readonly Case[] = [
  ['echo pwned > "$HOME/.bashrc"', "confirm", "block", "confirm"],
  ["echo pwned > ${HOME}/.bashrc", "confirm", "block"],
  ["echo pwned > $HOME/.bashrc", "confirm"],
  ["cp a.txt $HOME/.bashrc", "confirm", "block"],
  ["sed -i 's/a/b/' $HOME/.bashrc", "confirm"],
  ["touch $HOME/newfile", "confirm"],
  ['printf x | tee "$HOME/x"', "confirm"],
  ["cd $HOME && echo > .bashrc", "confirm", "block"],
  ["cd ${HOME} && touch .profile", "confirm"],
  ["cd ~ && echo > .bashrc", "confirm"],
  ["D=../outside; echo > $D/victim.txt", "confirm", "block"],
  ["D=../outside && cp a.txt $D/", "confirm"],
  ["export D=~/x; echo > $D", "confirm"],
  ["D=$HOME/.config; mkdir -p $D/x", "confirm"],
  ["echo > $(dirname $PWD)/outside/victim.txt", "confirm", "block"],
  ["echo > `dirname $PWD`/outside/victim.txt", "confirm"],
  ['cd "$(dirname "$PWD")" && echo > outside/victim.txt', "confirm", "block"],
  ["cd `dirname $PWD` && touch x", "confirm"],
  ["cat a > ${PWD}/../outside/x", "confirm", "block"],
  ["cat a > $PWD/../outside/x", "confirm"],
  ['echo > "$OUT"', "confirm"],
  ["echo > ${X:-out.txt}", "confirm"],
  ["echo > $1", "confirm"],
  ["echo > ~bob/.bashrc", "confirm"],
  ["cp a.txt ~root/", "confirm"],
  ['cd "$DIR" && make', "confirm"],
  ["cd - && echo > x", "confirm"],
  ["if [ -d x ]; then D=/etc; else D=.; fi; echo > $D/hosts", "confirm"],
  ["D=.; read D; echo > $D/x", "confirm"],
  ["D=.; false || D=/etc; echo > $D/x", "confirm"],
  ["f() { cd ..; }; f; echo > x", "confirm"],
  ["source env.sh; echo > $D/x", "confirm"],
  ["for d in a b; do cd ..; done; echo > x", "confirm"],
  ["HOME=/etc; echo > ~/passwd", "confirm"],
  ["cd sub; echo > ../../x", "confirm"],
  ["find ~ -name .bashrc -exec sed -i s/a/b/ {} \\;", "confirm"],
  ["find .. -type f -exec touch {} +", "confirm"],
  ["find . -name '*.ts' | xargs sed -i s/a/b/", "confirm"],
  ["ls ~ | xargs -I{} cp a.txt {}", "confirm"],
  ["cat list | xargs touch", "confirm"],
  ["for f in ../outside/*; do echo > $f; done", "confirm"],
  ["for f; do touch $f; done", "confirm"],
  ["for f in $(ls ~); do touch $f; done", "confirm"],
  ["up() { cd ..; }; up; echo > x", "confirm"],
  // Known and inside the project: these run.
  ["for f in *.ts src/*.js; do sed -i 's/a/b/' \"$f\"; done", "auto"],
  ["find src -name '*.ts' -exec sed -i s/a/b/ {} +", "auto"],
  ["ls | xargs -I{} cp {} /tmp/", "auto"],
  ["greet() { echo hi; }; greet; echo > out.txt", "auto"],
  ["D=build; mkdir -p $D && echo > $D/out.txt", "auto"],
  ["echo > $PWD/out.txt", "auto"],
  ["cd src && echo > a.txt; echo > b.txt", "auto"],
  ["cd sub; echo > a.txt", "auto"],
  ["X=$(date); echo $X > stamp.txt", "auto"],
  ['cd "$PWD/src" && touch x', "auto"],
];

const LINKS: readonly Case[] = [
  ["ln -sf /elsewhere/victim lnk && echo pwned > lnk", "confirm", "block"],
  ["ln ../outside/victim hard.txt && echo pwned > hard.txt", "confirm", "block"],
  ["ln -s /etc etc && echo x > etc/hosts", "confirm"],
  ["ln -s /etc e && echo x > ./e/hosts", "confirm"],
  ["ln -s /etc e && cd e && echo x > hosts", "confirm"],
  ["ln -s /etc sub/e && cd sub && echo x > e/hosts", "confirm"],
  ["ln -s /elsewhere dir/ && echo > dir/elsewhere/x", "confirm"],
  ["cp -s /elsewhere/victim v && tee v < a.txt", "confirm"],
  ["link ../outside/v hard && cp a.txt hard", "confirm"],
  ["ln -t links /elsewhere/victim && echo > links/victim", "confirm"],
  // A link alone is inside: changing what it points to is what asks.
  ["ln -s ../outside/victim lnk", "auto"],
];

const WRITING_PROGRAMS: readonly Case[] = [
  ["tar -C ../outside -xzf x.tgz", "confirm", "block"],
  ["tar czf ../outside/x.tgz .", "confirm", "block"],
  ["tar -czf ../outside/x.tgz .", "confirm"],
  ["tar -cf ~/x.tar src", "confirm"],
  ["tar --directory=../outside -x -f a.tar", "confirm"],
  ["tar -x --file a.tar --directory ~/", "confirm"],
  ["tar -xf a.tar -C $HOME", "confirm"],
  ["curl -o ../outside/x https://example.com/x", "confirm", "block"],
  ["curl --output ~/.bashrc https://example.com/x", "confirm"],
  ["curl -fsSLo ~/bin/tool https://example.com/tool", "confirm"],
  ["cd .. && curl -O https://example.com/x.sh", "confirm"],
  ["curl --output-dir ~/dl -O https://example.com/x", "confirm"],
  ["curl -c ~/cookies https://example.com", "confirm"],
  ["wget -O ../outside/x https://example.com", "confirm", "block"],
  ["wget --output-document=$HOME/x https://example.com", "confirm"],
  ["wget -P ~/dl https://example.com/x", "confirm"],
  ["git clone . ../outside/clone", "confirm", "block"],
  ["git clone https://example.com/r.git ~/r", "confirm"],
  ["git config --global user.name pwned", "confirm", "block"],
  ["git config --system core.editor vi", "confirm"],
  ["git config --file ~/.gitconfig alias.x '!sh'", "confirm"],
  ["git -C ../outside commit -am x", "confirm"],
  ["git --work-tree=../outside checkout main", "confirm"],
  ["git worktree add ../wt", "confirm"],
  ["git init ../other", "confirm"],
  ["npm config set registry https://evil.example", "confirm", "block"],
  ["npm set //registry.npmjs.org/:_authToken x", "confirm"],
  ["npm install -g left-pad", "confirm"],
  ["npm i --global left-pad", "confirm"],
  ["npm install --prefix ../outside left-pad", "confirm"],
  ["pnpm add -g left-pad", "confirm"],
  ["yarn global add left-pad", "confirm"],
  ["scp host:/etc/passwd ../outside/x", "confirm", "block"],
  ["scp me@host:x.txt ~/x.txt", "confirm"],
  ["rsync -a src/ ~/backup/", "confirm"],
  ["rsync -a host:/srv/ ../outside/", "confirm"],
  ["sqlite3 ../outside/app.db 'delete from t'", "confirm"],
  ["sed -i.bak 's/a/b/' ../outside/x", "confirm"],
  ["tee -a ~/.bashrc < a.txt", "confirm"],
  ["mv a.txt ~/", "confirm"],
  ["install -m 755 tool ~/bin/tool", "confirm"],
  ["touch ../outside/x", "confirm"],
  // The same programs inside the project run.
  ["tar czf dist.tgz dist", "auto"],
  ["tar xzf vendor.tgz -C vendor", "auto"],
  ["tar tzf x.tgz", "auto"],
  ["curl -fsSLo bin/tool https://example.com/tool", "auto"],
  ["wget https://example.com/x.tar.gz", "auto"],
  ["git clone https://example.com/r.git vendor/r", "auto"],
  ["git config user.name me", "auto"],
  ["npm install left-pad", "auto"],
  ["npm config get registry", "auto"],
  ["scp host:x.txt ./x.txt", "auto"],
  ["scp a.txt host:/tmp/", "auto"],
  ["sqlite3 app.db 'select 1'", "auto"],
];

const DATA_DIRECTORY: readonly Case[] = [
  ["ln $URSA_HOME/keys.json k.json", "refuse", "refuse", "refuse"],
  ["cp ~/.local/share/ursa/keys.json .", "refuse", "refuse", "refuse"],
  ["sqlite3 ~/.local/share/ursa/ursa.db 'delete from messages'", "refuse", "refuse", "refuse"],
  ["cat $URSA_HOME/keys.json", "refuse", "refuse", "refuse"],
  ["cat ${URSA_HOME}/keys.json", "refuse"],
  ["cat $XDG_DATA_HOME/ursa/keys.json", "refuse"],
  ['cp "${XDG_DATA_HOME}/ursa/ursa.db" .', "refuse"],
  ["cat ${URSA_HOME:-x}/keys.json", "refuse"],
  ['cp "$HOME/.local/share/ursa/keys.json" k', "refuse"],
  ["cd ~/.local/share/ursa && cat keys.json", "refuse", "refuse"],
  ["cd ~/.local/share && cp ursa/keys.json /tmp/k", "refuse"],
  ["D=~/.local/share/ursa; cat $D/keys.json", "refuse"],
  ["tar czf k.tgz -C ~/.local/share ursa", "refuse"],
  ["ln -s ~/.local/share/ursa data", "refuse"],
  ["sh -c 'cat ~/.local/share/ursa/keys.json'", "refuse"],
  ["echo $(cat ~/.local/share/ursa/keys.json) > k", "refuse"],
  ["sqlite3 -readonly --db=/home/me/.local/share/ursa/ursa.db", "refuse"],
  ["grep -r sk- /home/me/.local/share/ursa", "refuse"],
  ["python3 -c \"print(open('/home/me/.local/share/ursa/keys.json').read())\"", "refuse"],
];

/** Patterns and spellings that name the data directory without writing it out (the new-user trial's `urs?`). */
const DATA_DIRECTORY_SPELLED: readonly Case[] = [
  ["cat ~/.local/share/urs?/keys.json; ls ~/.local/share/urs?/", "refuse", "refuse", "refuse"],
  ["cat ~/.local/share/urs?/keys.json", "refuse", "refuse", "refuse"],
  ["ls ~/.local/share/urs?/", "refuse", "refuse", "refuse"],
  ["cat ~/.local/share/ur*/keys.json", "refuse"],
  ["cat ~/.local/share/*/keys.json", "refuse"],
  ["ls ~/.local/share/*", "refuse"],
  ["cat ~/.local/share/[u]rsa/keys.json", "refuse"],
  ["cat ~/.local/share/[!x]rsa/keys.json", "refuse"],
  ["cat ~/.local/share/ursa*", "refuse"],
  ["cat ~/.l*/share/ursa/keys.json", "refuse"],
  ["cat ~/.local/share/{ursa,x}/keys.json", "refuse"],
  ['cat ~/.local/share/"{ursa,x}"/keys.json', "refuse"],
  ["cat ~/.local/share/@(ursa|x)/keys.json", "refuse", "refuse", "refuse"],
  ["shopt -s extglob; cat ~/.local/share/!(x)/keys.json", "refuse"],
  ["cat /home/me/**/keys.json", "refuse"],
  ["cat /home/*/.local/share/ursa/keys.json", "refuse"],
  ["cat /h?me/me/.local/share/ursa/ursa.db", "refuse"],
  ["cd ~/.local/share && cat urs?/keys.json", "refuse", "refuse", "refuse"],
  ["cd ~/.local && cat */ursa/keys.json", "refuse"],
  ["cd /home/me/.local/share; cp ur*/keys.json /tmp/k", "refuse"],
  ["cat $(echo ~/.local/share/ursa)/keys.json", "refuse", "refuse", "refuse"],
  ['cat "$HOME"/.local/share/urs""a/keys.json', "refuse", "refuse", "refuse"],
  ['cat ~/.local/\'share\'/"ursa"/keys.json', "refuse"],
  ["cat ~/.local/share/ur\\sa/keys.json", "refuse", "refuse", "refuse"],
  ["d=ursa; cat ~/.local/share/$d/keys.json", "refuse", "refuse", "refuse"],
  ["d=urs; cat ~/.local/share/${d}?/keys.json", "refuse"],
  // Text the grammar cannot read (here the extglob `@(a|b)`) is asked about, but a path in it
  // is still found when operators, not spaces, stand next to it.
  ["ls @(a|b) x>~/.local/share/ursa/keys.json", "refuse", "refuse", "refuse"],
  ["ls @(a|b)>>~/.local/share/ursa/log", "refuse"],
  ["ls @(a|b) 2>~/.local/share/ursa/log", "refuse"],
  ["ls @(a|b) &>~/.local/share/ursa/log", "refuse"],
  ["cat<~/.local/share/ursa/keys.json; ls @(a|b)", "refuse"],
  ["echo `ls ~/.local/share/ursa`; ls @(a|b)", "refuse", "refuse", "refuse"],
  ["echo `cat<~/.local/share/ursa/keys.json`; ls @(a|b)", "refuse"],
  ["echo $(ls ~/.local/share/ursa); ls @(a|b)", "refuse"],
  ["echo $(</home/me/.local/share/ursa/keys.json) @(a|b)", "refuse"],
  ["diff <(ls ~/.local/share/ursa) @(a|b)", "refuse"],
  ["ls ~/.local/share/ursa;ls @(a|b)", "refuse"],
  ["ls ~/.local/share/ursa|ls @(a|b)", "refuse"],
  ["ls ~/.local/share/ursa&&ls @(a|b)", "refuse"],
  ["ls ~/.local/share/ursa||ls @(a|b)", "refuse"],
  ["ls ~/.local/share/ursa&ls @(a|b)", "refuse"],
  ["D=~/.local/share/ursa; ls @(a|b)", "refuse"],
  ["(ls ~/.local/share/ursa) @(a|b)", "refuse"],
  ["cat x>~/.local/share/@(ursa|y)/keys.json", "refuse"],
  ["cat ~/.local/share/@(ursa|@(x|y))/keys.json", "refuse"],
  ["cat ~/.local/share/{ursa,x}/keys.json @(a|b)", "refuse"],
  // …and spelled as the grammar would read them: quotes and backslashes dropped, $HOME and
  // $XDG_DATA_HOME expanded, a `cd` joined to the relative paths after it, lists spelled out.
  ["cat $HOME/.local/share/ursa/keys.json @(a|b)", "refuse", "refuse", "refuse"],
  ["cat ${HOME}/.local/share/ursa/keys.json @(a|b)", "refuse"],
  ['sqlite3 "$HOME"/.local/share/ursa/ursa.db .dump @(a|b)', "refuse", "refuse", "refuse"],
  ['shopt -s extglob\ncat "$HOME/.local/share/ursa/keys.json" @(x)', "refuse"],
  ["cat ~/.local/share/ur\\sa/keys.json @(a|b)", "refuse"],
  ["cat ~/.local/share/ur''sa/keys.json @(a|b)", "refuse"],
  ["cat ~/.local/share/'ursa'/keys.json @(a|b)", "refuse"],
  ['cat ~/.local/share/"ursa"/keys.json @(a|b)', "refuse"],
  ["cat ~/.local/share/$'ursa'/keys.json @(a|b)", "refuse"],
  ["cat ~/.local/share/$'\\x75rs\\141'/keys.json @(a|b)", "refuse"],
  ["cat $XDG_DATA_HOME/ursa/keys.json @(a|b)", "refuse"],
  ['cat "${XDG_DATA_HOME}"/ursa/keys.json @(a|b)', "refuse"],
  ["cat $URSA_HOME/keys.json @(a|b)", "refuse"],
  ["cd ~/.local/share && cat ursa/keys.json @(a|b)", "refuse", "refuse", "refuse"],
  ["cd ~/.local && cd share; cat ursa/keys.json @(a|b)", "refuse"],
  ["cd; cat .local/share/ursa/keys.json @(a|b)", "refuse"],
  ["cat {~/.local/share/ursa/keys.json,x} @(a|b)", "refuse", "refuse", "refuse"],
  ["cat ~/.local/{share/ursa,x}/keys.json @(a|b)", "refuse"],
  ["d=ursa; cat ~/.local/share/$d/keys.json @(a|b)", "refuse"],
  // Never known enough to run unasked (nor to be covered by an allow rule).
  ['cat "$HOME/.profile" @(a|b)', "confirm", "block", "confirm"],
  ["cd .. && cat proj/@(a|b)", "confirm"],
  ["cd src && cat @(a|b).ts", "confirm"],
  ["echo '$HOME/.local/share/ursa' @(a|b)", "confirm"],
  ["ls @(a|b) > out.txt; cat src/@(a|b).ts", "confirm", "block", "confirm"],
  // Patterns that cannot reach it run as before.
  ["ls ~/*", "auto", "auto", "auto"],
  ["cat src/*.ts", "auto", "auto", "auto"],
  ["ls ~/.local/share/x*", "auto"],
  ["cat /home/me/.config/*/settings.json", "auto"],
  // A pattern that could match `..` (`.[.]`, `.?`) leads anywhere; `../*` is outside.
  ["cp a.txt .[.]/x", "confirm", "block"],
  ["cd .? && echo > x", "confirm"],
  ["echo x > .[!a]/victim.txt", "confirm"],
  ["cp a.txt ../*/x", "confirm", "block"],
  ["cp a.txt */x", "auto"],
  // A pattern that could match a link the command made writes through it.
  ["ln -s /etc lnk && echo x > l?k/hosts", "confirm", "block"],
  ["ln -s /etc sub/e && echo x > */e/hosts", "confirm"],
  ["ln -s /etc e && sed -i s/a/b/ src/*.ts", "auto"],
];

export const ESCAPE_CASES = [...COMPUTED_TARGETS, ...LINKS, ...WRITING_PROGRAMS, ...DATA_DIRECTORY, ...DATA_DIRECTORY_SPELLED];

describe("escapes from the project through Bash (issue 11)", () => {
  const reader = testShellReader();

  it("knows where it runs", () => {
    expect(SHELL_PLACES.dataDir.startsWith(SHELL_PLACES.home)).toBe(true);
  });

  it.each(ESCAPE_CASES.map((c) => [...c] as [string, Decision, Decision?, Decision?]))("%j: auto %s, plan %s, safe %s", async (command, auto, plan, safe) => {
    expect(await shellDecision(reader, command, "auto")).toBe(auto);
    if (plan) expect(await shellDecision(reader, command, "plan")).toBe(plan);
    if (safe) expect(await shellDecision(reader, command, "safe")).toBe(safe);
  });
});
