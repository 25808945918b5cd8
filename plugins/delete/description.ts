export const DELETE_DESCRIPTION = `Delete a file or a directory. Paths are absolute or relative to the project root.
A directory that is not empty is deleted only with recursive: true, which removes everything in it.
The project root itself, and any directory containing it, cannot be deleted.`;
