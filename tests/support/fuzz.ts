import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Malformed-input generators for the bad-input fuzz tests (docs/security.md "Bad input").
 * `plausibleOf(schema)` walks a zod 4 schema into an arbitrary of roughly right shapes
 * (right keys, right kinds, ids that exist nowhere); `malformedOf(schema)` takes such a
 * shape and breaks it in one place: a field replaced by garbage, dropped, or an extra key
 * added, at any depth, or the whole input replaced. Runs are reproducible: every test
 * draws from `fuzzSeed()`, SENTINEL_FUZZ_SEED when set.
 */

const DEFAULT_SEED = 20_251_010;

/** The run's seed; SENTINEL_FUZZ_SEED=<integer> reruns everything with another one. */
export function fuzzSeed(): number {
  const raw = process.env.SENTINEL_FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`SENTINEL_FUZZ_SEED must be an integer (got ${JSON.stringify(raw)})`);
  return seed;
}

/** A per-target seed derived from the run's seed, so adding a procedure does not reshuffle the others. */
export function seedFor(label: string): number {
  let h = fuzzSeed() | 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `count` values of `arb`, deterministic for `label` under the run's seed. */
export function sampleFor<T>(label: string, arb: fc.Arbitrary<T>, count: number): T[] {
  return fc.sample(arb, { seed: seedFor(label), numRuns: count });
}

const deepNesting = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Strings an attacker or a broken client sends: injection-ish, control and bidi characters, huge. */
export const hostileStringArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\t\n', '\u0000', '\u0000abc', '\u202etxt.exe', '\ufeff', '\ud800', 'a\u0301\u0301\u0301',
    "' OR 1=1; --", "'); DROP TABLE \"User\"; --", '"; DELETE FROM "AuditLog" WHERE ""="',
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '{{7*7}}', '${process.exit()}',
    '../../../etc/passwd', 'null', 'undefined', 'NaN', 'true', '[]', '{}', '__proto__', 'constructor',
    'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffffff',
    '2025-13-45T25:61:61Z', '0000-00-00', '1e309', '-0', '0x1f', 'Infinity',
    'a long enough reason with a \u0000 NUL byte inside', 'a long enough reason with a lone \ud800 surrogate',
    'a long enough reason\r\nSet-Cookie: injected=1', 'operator@test.local\u0000.evil',
    'x'.repeat(100_000), '😀'.repeat(5_000), '\u0000'.repeat(2_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** Numbers that break naive arithmetic and JSON. */
export const hostileNumberArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 0.1 + 0.2, 2 ** 31, -(2 ** 63)),
  fc.double(),
  fc.integer(),
);

/** An object whose own keys are `__proto__` / `constructor` (as JSON.parse makes them), not a prototype change. */
const pollutionArb = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown,
  JSON.parse('{"__proto__":{"isAdmin":true},"role":"ADMIN"}') as unknown,
);

/** Any value at all, weighted towards the ones that broke real systems. */
export const garbageArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileStringArb, weight: 4 },
  { arbitrary: hostileNumberArb, weight: 3 },
  { arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, 10n ** 40n, new Date(Number.NaN), new Date(8.64e15), Symbol.for('x')), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>([], {}, [[[]]], deepNesting(200), deepNesting(2_000), new Array(10_000).fill(0)), weight: 2 },
  { arbitrary: pollutionArb, weight: 2 },
  { arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withDate: true }), weight: 2 },
);

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Roughly right values for a zod schema: the right keys and kinds, random contents. */
export function plausibleOf(schema: z.ZodType | unknown, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 6) return fc.constant(undefined);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, plausibleOf(v, depth + 1)])));
    }
    case 'string':
      if (def.format === 'uuid' || def.format === 'guid') return fc.uuid();
      if (def.format === 'email') return fc.emailAddress();
      if (def.format === 'url') return fc.webUrl();
      if (def.format === 'datetime') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ maxLength: 30 });
    case 'number': return fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }));
    case 'int': return fc.integer({ min: -5, max: 100 });
    case 'boolean': return fc.boolean();
    case 'bigint': return fc.bigInt();
    case 'date': return fc.date({ noInvalidDate: true });
    case 'enum': return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal': return fc.constantFrom(...(def.values as unknown[]));
    case 'optional': return fc.option(plausibleOf(def.innerType, depth + 1), { nil: undefined });
    case 'nullable': return fc.option(plausibleOf(def.innerType, depth + 1), { nil: null });
    case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional': return plausibleOf(def.innerType, depth + 1);
    case 'pipe': return plausibleOf(def.in, depth + 1);
    case 'array': return fc.array(plausibleOf(def.element, depth + 1), { maxLength: 3 });
    case 'union': return fc.oneof(...(def.options as unknown[]).map((o) => plausibleOf(o, depth + 1)));
    case 'intersection': return plausibleOf(def.left, depth + 1);
    case 'record': return fc.dictionary(fc.string({ maxLength: 8 }), plausibleOf(def.valueType, depth + 1), { maxKeys: 3 });
    case 'lazy': return plausibleOf((def.getter as () => unknown)(), depth + 1);
    default: return fc.anything({ maxDepth: 2 });
  }
}

/** Every path to a value inside `v` (objects and arrays), the root included as []. */
function pathsOf(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (out.length > 200 || prefix.length > 8 || v === null || typeof v !== 'object') return out;
  for (const [k, child] of Object.entries(v)) pathsOf(child, [...prefix, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'drop' } | { kind: 'extra'; key: string; value: unknown } | { kind: 'wrap' };

/** A copy of `base` with one thing wrong at `path`: a garbage value, a missing key, an unknown key, or an array around it. */
function applyAt(base: unknown, path: (string | number)[], m: Mutation): unknown {
  if (path.length === 0) {
    if (m.kind === 'replace') return m.value;
    if (m.kind === 'wrap') return [base];
    if (m.kind === 'extra' && base !== null && typeof base === 'object' && !Array.isArray(base)) {
      const copy = { ...(base as object) } as Record<string, unknown>;
      Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      return copy;
    }
    return m.kind === 'drop' ? undefined : base;
  }
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy: Record<string | number, unknown> = Array.isArray(base) ? [...(base as unknown[])] as unknown as Record<number, unknown> : { ...(base as object) };
  if (rest.length === 0 && m.kind === 'drop' && !Array.isArray(base)) delete copy[head];
  else copy[head] = applyAt(copy[head], rest, m);
  return copy;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: garbageArb.map((value): Mutation => ({ kind: 'replace', value })), weight: 6 },
  { arbitrary: fc.constant<Mutation>({ kind: 'drop' }), weight: 2 },
  { arbitrary: fc.record({ key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'id', 'extra', 'isAdmin'), value: garbageArb })
    .map(({ key, value }): Mutation => ({ kind: 'extra', key, value })), weight: 2 },
  { arbitrary: fc.constant<Mutation>({ kind: 'wrap' }), weight: 1 },
);

/** A roughly right value for `schema` broken in one place, or (a quarter of the time) plain garbage. */
export function malformedOf(schema: unknown): fc.Arbitrary<unknown> {
  const mutated = fc.tuple(plausibleOf(schema), fc.nat(), mutationArb).map(([base, pick, m]) => {
    const paths = pathsOf(base);
    return applyAt(base, paths[pick % paths.length]!, m);
  });
  return fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: garbageArb, weight: 1 });
}
