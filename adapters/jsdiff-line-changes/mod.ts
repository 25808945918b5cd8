export { JsdiffLineChanges } from "./jsdiff-line-changes.ts";
