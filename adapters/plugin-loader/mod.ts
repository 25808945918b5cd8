export { loadPluginModules, type LoadedModule } from "./plugin-loader.ts";
