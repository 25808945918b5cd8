/** Typed reads of SQLite column values (from result rows or from JSON the database built). */

export function text(value: unknown): string {
  if (typeof value !== "string") throw new Error(`Expected TEXT, got ${value === null ? "NULL" : typeof value}`);
  return value;
}

export function optionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : text(value);
}

export function integer(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  throw new Error(`Expected INTEGER, got ${value === null ? "NULL" : typeof value}`);
}

export function optionalInteger(value: unknown): number | null {
  return value === null || value === undefined ? null : integer(value);
}

/** A REAL column (a cost in dollars) that may be NULL. */
export function optionalReal(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
