// The bench's baseline: a bare blessed screen with one bordered box labelled like the
// dashboard's input, drawn by the same harness (a pty, "● Input" on screen) as the dashboard.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const blessed = require("blessed");
const screen = blessed.screen({ smartCSR: true, fullUnicode: true, autoPadding: false, warnings: false });
blessed.box({ parent: screen, bottom: 1, left: 0, width: "100%", height: 3, border: { type: "line" }, label: " ● Input ", tags: true });
screen.render();
screen.key(["C-c"], () => process.exit(0));
setInterval(() => undefined, 1 << 30);
