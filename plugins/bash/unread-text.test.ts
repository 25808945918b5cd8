import { describe, expect, it } from "vitest";
import { SHELL_PLACES } from "../../test/support/shell-reader.ts";
import { pathsInUnreadText } from "./unread-text.ts";

const paths = (text: string) => pathsInUnreadText(text, SHELL_PLACES);

describe("the paths in text the grammar could not read", () => {
  it("reads quoting as bash does: single quotes keep $HOME, double quotes expand it", () => {
    expect(paths("cat '$HOME/x' @(a|b)")).not.toContain("~/x");
    expect(paths('cat "$HOME/x" @(a|b)')).toContain("~/x");
    expect(paths("cat $HOMEDIR/x @(a|b)")).toEqual([]);
    expect(paths("cat ${HOME}/y @(a|b)")).toContain("~/y");
  });

  it("drops backslashes as bash does, inside double quotes only before $ ` \" \\ and newline", () => {
    expect(paths("cat a/b\\c @(x)")).toContain("a/bc");
    expect(paths('cat "a/b\\c" @(x)')).toContain("a/b\\c");
    expect(paths('cat "a/b\\$c" @(x)')).toEqual(expect.not.arrayContaining(["a/b$c", "a/bc"]));
  });

  it("decodes $'…' escapes: hexadecimal, octal, unicode", () => {
    expect(paths("cat $'/x/\\x75\\162\\u0073a' @(x)")).toContain("/x/ursa");
  });

  it("joins every relative word to each directory a cd went to, a relative cd to the ones before", () => {
    const found = paths("cd /a && cd b; cat c/d -r && @(x)");
    expect(found).toEqual(expect.arrayContaining(["/a/c/d", "b/c/d", "/a/b/c/d"]));
    expect(found).toEqual(expect.not.arrayContaining(["/a/-r", "/a/&&"]));
    expect(paths("cd; cat .profile @(x)")).toContain("~/.profile");
    expect(paths("cd - && cat x/y @(x)")).not.toContain("-/x/y");
  });

  it("leaves out what only run time knows", () => {
    expect(paths("cat $X/y \"$Y\" @(x)")).toEqual([]);
  });
});
