export { FileLogger } from "./file-logger.ts";
