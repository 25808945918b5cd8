export const BASH_DESCRIPTION = `Run a shell command with bash -c in the project root, and get its exit code and output.
Use it for builds, tests, git and other programs; prefer Read, Write, Edit, Grep, Glob and List for files.
- timeout: seconds before the command and everything it started are killed (default 60, at most 300).
- Standard input is closed: interactive programs get end-of-file. Pass flags such as --yes or --no-pager.
- Background processes (cmd &) are stopped when the command finishes; run servers elsewhere.
- Long output is summarised: exit code, line counts, the first 50 stderr lines and the last 20 stdout lines.
  The full output is kept: RecallContext can search it.
- Commands are classified before they run: read-only ones run at once; ones that delete, force-push,
  or run code nobody can see (eval, curl | sh) ask the user first. Writing outside the project asks too.`;
