export const GLOB_DESCRIPTION = `Find files by glob pattern below a base directory (default: the project root). Returns their paths relative to the base, sorted.
"**/*.ts" matches at any depth, "src/**/index.ts" specific names below src, "*.json" the base directory's own files only; {a,b} alternatives work.
Respects .gitignore and skips .git, node_modules and __pycache__; hidden files match like any other. Results are capped.
Prefer Glob over List when you know the name pattern; use Grep to search file contents.`;
