export const EDIT_DESCRIPTION = `Change part of a text file by exact string replacement. Paths are absolute or relative to the project root.
Each replacement's old_str must match the file exactly, whitespace and indentation included, and only once
unless replace_all is true; add surrounding lines to make it unique. Replacements apply in order to the
result of the previous ones, and the file is written once: if any replacement fails, nothing changes.
Write the complete new text in new_str: placeholders such as "// ... rest of code" are refused.
If the file changed since you last read it, the edit is refused: Read it again first.
To create a file or replace all of it, use Write.`;
