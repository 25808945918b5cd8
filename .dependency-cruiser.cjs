/**
 * Ursa's architecture, checked by `npm test` (test/arch/boundaries.test.ts).
 * Test files (*.test.ts) may import anything; production code may not.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const tests = "\\.test\\.ts$";
module.exports = {
  forbidden: [
    {
      name: "core-imports-only-core-and-rxjs",
      comment: "The hexagon's core knows no runtime, SDK or container: ports exist so that it need not.",
      severity: "error",
      from: { path: "^core/", pathNot: tests },
      to: { pathNot: ["^core/", "(^|/)node_modules/rxjs/"] },
    },
    {
      name: "domain-is-innermost",
      severity: "error",
      from: { path: "^core/domain/", pathNot: tests },
      to: { path: ["^core/(ports|application|plugin-api)/", "(^|/)node_modules/"] },
    },
    {
      name: "ports-do-not-know-services",
      severity: "error",
      from: { path: "^core/(ports|plugin-api)/", pathNot: tests },
      to: { path: "^core/application/" },
    },
    {
      name: "plugins-see-only-the-plugin-api",
      severity: "error",
      from: { path: "^plugins/", pathNot: tests },
      to: { path: "^(core|adapters|ui|test)/", pathNot: "^core/plugin-api/" },
    },
    {
      name: "plugins-use-capabilities-not-the-runtime",
      comment: "Plugins do I/O through their context, never node: modules.",
      severity: "error",
      from: { path: "^plugins/", pathNot: tests },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "plugins-are-independent",
      severity: "error",
      from: { path: "^plugins/([^/]+)/", pathNot: tests },
      to: { path: "^plugins/", pathNot: "^plugins/$1/" },
    },
    {
      name: "adapters-implement-ports-only",
      comment: "An adapter knows core's domain and ports, not application services, other adapters or the UI.",
      severity: "error",
      from: { path: "^adapters/([^/]+)/", pathNot: ["^adapters/main/", tests] },
      to: { path: ["^core/application/", "^adapters/", "^plugins/", "^ui/"], pathNot: "^adapters/$1/" },
    },
    {
      name: "ui-drives-through-ports",
      severity: "error",
      from: { path: "^ui/", pathNot: tests },
      to: { path: ["^core/(application|plugin-api)/", "^adapters/", "^plugins/"] },
    },
    {
      name: "nobody-imports-the-composition-root",
      severity: "error",
      from: { pathNot: ["^adapters/main/", "^test/", tests] },
      to: { path: "^adapters/main/" },
    },
    {
      name: "only-the-composition-root-uses-the-container",
      severity: "error",
      from: { pathNot: ["^adapters/main/", tests, "^test/"] },
      to: { path: "(^|/)node_modules/(inversify|@inversifyjs)/" },
    },
    {
      name: "production-never-imports-tests",
      severity: "error",
      from: { pathNot: ["^test/", tests] },
      to: { path: "^test/" },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    { name: "not-to-unresolvable", severity: "error", from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "node", "default", "types"], extensions: [".ts", ".js"] },
  },
};
