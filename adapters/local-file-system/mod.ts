export { LocalFileSystem } from "./local-file-system.ts";
