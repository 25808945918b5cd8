import type { BindInWhenOnFluentSyntax, ContainerModuleLoadOptions } from "inversify";
import type { Token } from "../../core/ports/token.ts";

type Resolved<D extends readonly Token<unknown>[]> = { [K in keyof D]: D[K] extends Token<infer U> ? U : never };

/**
 * The only bridge between typed tokens and inversify: binds `id` to what `make` builds from
 * the resolved `deps`, type-checked, so a wrong dependency order fails to compile.
 */
export function provide<T, const D extends readonly Token<unknown>[]>(
  bind: ContainerModuleLoadOptions["bind"],
  id: Token<T>,
  deps: D,
  make: (...args: Resolved<D>) => T | Promise<T>,
): BindInWhenOnFluentSyntax<T> {
  return bind<T>(id).toResolvedValue(make as (...args: unknown[]) => T | Promise<T>, [...deps] as never);
}

/** Resolves a token with its type; only the composition root and tests call this. */
export function resolve<T>(container: { getAsync<U>(id: symbol): Promise<U> }, id: Token<T>): Promise<T> {
  return container.getAsync<T>(id);
}
