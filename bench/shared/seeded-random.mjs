// The seeded PRNG of the benchmark generators, so generated data is byte-identical on every
// machine and run. Same algorithm as `createSeededRandom` of @cited/dspy-pipeline; bench scripts
// are plain Node and do not import library internals.

/**
 * mulberry32: a small, fast PRNG whose sequence depends only on the seed.
 * @param {number} seed
 * @returns {() => number} uniform numbers in [0, 1)
 */
export function createSeededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
