// blessed's widget files, imported one by one (blessed-parts.ts); @types/blessed describes only the package's index.
declare module "blessed/lib/widgets/screen.js" {
  const screen: typeof import("blessed").screen;
  export default screen;
}
declare module "blessed/lib/widgets/box.js" {
  const box: typeof import("blessed").box;
  export default box;
}
