import { describe, expect, it } from "vitest";
import { redirectTargets } from "./classify.ts";

describe("redirectTargets", () => {
  it.each([
    ["echo hi > out.txt", ["out.txt"]],
    ["echo hi >> /tmp/log && cat a 2> err.txt", ["/tmp/log", "err.txt"]],
    ["ls > /dev/null 2>&1 &> /dev/null", []],
    ["echo x | tee a.txt -a b.txt", ["a.txt", "b.txt"]],
    ["cd sub && echo > a.txt", ["sub", "sub/a.txt"]],
    ["cd /etc; echo x > hosts", ["/etc", "/etc/hosts"]],
    ["cd ..; echo > b", ["..", "../b"]],
    ["(cd /tmp && echo > a); echo > b", ["/tmp", "/tmp/a", "b"]],
    ["cd; echo > .bashrc", ["~", "~/.bashrc"]],
    ["echo > ~/.profile", ["~/.profile"]],
    ['echo > "$OUT"; cd "$DIR"; echo > c', ["c"]],
    ["echo 'a > b' \"> c\"", []],
    ["sed -i s/a/b/ x.txt y.txt", ["x.txt", "y.txt"]],
    ["sh -c 'echo > inner.txt'", ["inner.txt"]],
    ["echo $(cd /tmp; echo > sub.txt) > top.txt", ["/tmp", "/tmp/sub.txt", "top.txt"]],
    ["cp a.txt ~/.bashrc", ["~/.bashrc"]],
    ["cp -r src dst/", ["dst/"]],
    ["cp -t /opt a b", ["/opt"]],
    ["mv old.txt ../new.txt", ["old.txt", "../new.txt"]],
    ["touch a b && mkdir -p ~/x", ["a", "b", "~/x"]],
    ["ln -s target link", ["link"]],
    ["install -m 755 tool /usr/local/bin/tool", ["/usr/local/bin/tool"]],
  ] as const)("%j writes or works in %j", (command, expected) => {
    expect(redirectTargets(command)).toEqual(expected);
  });
});
