/**
 * `target` with some of its methods replaced: every other member is read from `target` (methods
 * bound to it, so classes with private fields work). For decorating a port in one place
 * without restating every member it has, which would break each time the port grows.
 */
export function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return overrides[property as keyof T];
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
