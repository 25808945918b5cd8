export const LIST_DESCRIPTION = `List the files and directories in a directory (default: the project root); directories end with "/".
Respects .gitignore and skips .git, node_modules and __pycache__.
recursive=false (the default) shows one level, to explore a project step by step; recursive=true lists the whole tree below it.
Long listings are capped. To find files by name pattern (e.g. all *.ts files) prefer Glob; to search contents, Grep.`;
