export const READ_DESCRIPTION = `Read a text file. Paths are absolute or relative to the project root.
Without start_line/num_lines the whole file is returned (long files are truncated with a note).
Use start_line and num_lines to read part of a large file. Prefer Read over running cat in Bash.`;
