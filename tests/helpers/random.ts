// A seeded random source for fuzz tests, so a failing run can be replayed from its seed.

/** Random choices drawn from one seeded sequence. */
export interface Rng {
  /** 0 ≤ n < 1. */
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T | undefined;
  chance(probability: number): boolean;
}

/** mulberry32 from `seed`. */
export function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (below) => Math.floor(next() * below),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (probability) => next() < probability,
  };
}

/** Characters for random text edits, including accents and emoji (surrogate pairs, modifiers). */
export const TEXT_ALPHABET = ['a', 'b', 'c', ' ', 'é', '😀', '👍🏽'];

/** A random small edit of `text` (by whole code points), kept to 60 of them. */
export function spliceText(random: Rng, text: string): string {
  const chars = Array.from(text);
  const at = random.int(chars.length + 1);
  const inserted = Array.from({ length: random.int(4) }, () => random.pick(TEXT_ALPHABET) ?? 'a');
  chars.splice(at, random.int(3), ...inserted);
  return chars.slice(0, 60).join('');
}

/** `count` new random seeds for this run (fuzz tests put each in their test's title). */
export function freshSeeds(count: number): number[] {
  return Array.from(globalThis.crypto.getRandomValues(new Uint32Array(count)));
}
