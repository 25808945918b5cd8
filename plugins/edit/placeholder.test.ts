import { describe, expect, it } from "vitest";
import { findPlaceholder } from "./placeholder.ts";

describe("findPlaceholder", () => {
  it.each([
    "  // ... rest of code",
    "# ... existing code ...",
    "// ...",
    "/* ... */",
    "<!-- ... -->",
    "{/* ... existing JSX ... */}",
    "    // … remaining methods unchanged",
    "// rest of the file unchanged",
    "# existing code here",
    "-- (other cases omitted)",
    "// Rest of implementation...",
  ])("finds %j", (line) => {
    expect(findPlaceholder(`before\n${line}\nafter`, "before\nafter")).toBe(line.trim());
  });

  it.each([
    "// rest of the list is handled below",
    "// existing code path handles null",
    "// wait... this retries",
    "...",
    "const rest = args.slice(1); // keep the rest",
    "print('... rest of code')",
    "# Usage",
  ])("leaves %j alone", (line) => {
    expect(findPlaceholder(`before\n${line}\nafter`, "before")).toBeNull();
  });

  it("allows a placeholder line the replaced text already had", () => {
    expect(findPlaceholder("a\n// ... rest of code\nb", "x\n  // ... rest of code\ny")).toBeNull();
  });
});
