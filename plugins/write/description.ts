export const WRITE_DESCRIPTION = `Create a file with the given content, creating parent directories.
Refuses to replace an existing file unless overwrite is true; to change part of a file, prefer Edit.
Writes are atomic: the file is never left half-written.`;
