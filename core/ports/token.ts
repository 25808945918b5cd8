/**
 * A typed, runtime-neutral service identifier. Declared beside its port; the composition root
 * binds it. Core never sees the container.
 */
export type Token<T> = symbol & { readonly __type?: T };

export function token<T>(name: string): Token<T> {
  return Symbol.for(`ursa/${name}`) as Token<T>;
}
