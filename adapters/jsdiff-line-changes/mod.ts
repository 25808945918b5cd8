export { JsdiffLineChanges, MAX_EDIT_LENGTH } from "./jsdiff-line-changes.ts";
