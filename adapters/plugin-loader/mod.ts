export { findPluginFiles } from "./plugin-loader.ts";
