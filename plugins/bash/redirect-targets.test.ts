import { describe, expect, it } from "vitest";
import { testShellReader } from "../../test/support/shell-reader.ts";

const reader = testShellReader();

describe("redirectTargets", () => {
  it.each([
    ["echo hi > out.txt", ["out.txt"]],
    ["echo hi >> /tmp/log && cat a 2> err.txt", ["/tmp/log", "err.txt"]],
    ["ls > /dev/null 2>&1 &> /dev/null", []],
    ["echo x | tee a.txt -a b.txt", ["a.txt", "b.txt"]],
    ["cd sub && echo > a.txt", ["sub", "sub/a.txt"]],
    // A `cd` that may fail (`;`, not `&&`): the file is written in either directory.
    ["cd /etc; echo x > hosts", ["/etc", "hosts", "/etc/hosts"]],
    ["cd ..; echo > b", ["..", "b", "../b"]],
    ["(cd /tmp && echo > a); echo > b", ["/tmp", "/tmp/a", "b"]],
    ["cd; echo > .bashrc", ["~", ".bashrc", "~/.bashrc"]],
    ["echo > ~/.profile", ["~/.profile"]],
    // Written where only run time knows: not listed, and reported as unknown (see reach).
    ['echo > "$OUT"; cd "$DIR"; echo > c', []],
    ["cd src && echo > a; echo > b", ["src", "src/a", "src/b"]],
    ["D=../outside; echo > $D/x; echo > ${HOME}/y; cat a > ${PWD}/../z", ["../outside/x", "~/y", "/work/z"]],
    ["echo 'a > b' \"> c\"", []],
    ["sed -i s/a/b/ x.txt y.txt", ["x.txt", "y.txt"]],
    ["sh -c 'echo > inner.txt'", ["inner.txt"]],
    ["echo $(cd /tmp; echo > sub.txt) > top.txt", ["/tmp", "sub.txt", "/tmp/sub.txt", "top.txt"]],
    ["cp a.txt ~/.bashrc", ["~/.bashrc"]],
    ["cp -r src dst/", ["dst/"]],
    ["cp -t /opt a b", ["/opt"]],
    ["mv old.txt ../new.txt", ["old.txt", "../new.txt"]],
    ["touch a b && mkdir -p ~/x", ["a", "b", "~/x"]],
    // `link` may be a directory: then the link is link/target.
    ["ln -s target link", ["link", "link/target"]],
    ["install -m 755 tool /usr/local/bin/tool", ["/usr/local/bin/tool"]],
  ] as const)("%j writes or works in %j", async (command, expected) => {
    expect((await reader.analyze(command)).targets).toEqual(expected);
  });
});
