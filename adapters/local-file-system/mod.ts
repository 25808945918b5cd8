export { LocalFileSystem } from "./local-file-system.ts";
export { globalExcludesFile } from "./global-excludes.ts";
