// Narrowing a <select>'s string back to a closed set, without casts.

/** `value` if it is one of `set`, else `fallback`. */
export function oneOf<T extends string>(set: readonly T[], value: string, fallback: T): T {
  return set.find((item) => item === value) ?? fallback;
}
