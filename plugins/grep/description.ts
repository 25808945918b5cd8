export const GREP_DESCRIPTION = `Search file contents for a LITERAL string (not a regular expression: "a.b(c)" finds exactly a.b(c)).
Searches a file, or every file below a directory (default: the project root), respecting .gitignore and skipping binary files, .git, node_modules and __pycache__.
Output: "N matches (F files):" then one "path:line:text" per matching line, paths relative to the project root, sorted by path then line; long lines are cut to 200 characters. Results are capped.
case_insensitive ignores case. glob keeps only files whose path matches it ("*.ts" matches the file name at any depth, "src/**/*.ts" the path below the searched directory).
Prefer Grep over running grep or rg in Bash.`;
