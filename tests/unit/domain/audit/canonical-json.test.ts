import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@/domain/audit/canonical-json';

/** Rebuild `value` with the keys of every object in a seeded random order (Fisher-Yates, LCG). */
function shuffleKeysDeep(value: unknown, seed: number): unknown {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    // fromEntries, not assignment: a "__proto__" key must stay an own property
    return Object.fromEntries(entries.map(([k, x]) => [k, walk(x)]));
  };
  return walk(value);
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, including objects inside arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same string whatever order the keys were inserted in', () => {
    expect(canonicalJson({ action: 'x', at: 1, details: { b: 2, a: 1 } }))
      .toBe(canonicalJson({ details: { a: 1, b: 2 }, at: 1, action: 'x' }));
  });

  it('writes Dates as ISO strings, at the top level and nested', () => {
    const at = new Date('2024-03-05T06:07:08.009Z');
    expect(canonicalJson(at)).toBe('"2024-03-05T06:07:08.009Z"');
    expect(canonicalJson({ at, list: [at] })).toBe('{"at":"2024-03-05T06:07:08.009Z","list":["2024-03-05T06:07:08.009Z"]}');
  });

  it('drops undefined object values, so an absent key and an undefined one hash alike', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe(canonicalJson({ b: 1 }));
  });

  it('writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson([1, undefined, 3])).toBe('[1,null,3]');
  });

  it('keeps null values', () => {
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
  });

  it('writes bigints as decimal strings', () => {
    expect(canonicalJson({ seq: 12_345_678_901_234_567_890n, list: [1n] })).toBe('{"list":["1"],"seq":"12345678901234567890"}');
  });

  it('keeps nested arrays and their order', () => {
    expect(canonicalJson([[3, [2, [1]]], [], [{ b: [[{ d: 1, c: 2 }]], a: 0 }]]))
      .toBe('[[3,[2,[1]]],[],[{"a":0,"b":[[{"c":2,"d":1}]]}]]');
  });

  it('adds no whitespace', () => {
    expect(canonicalJson({ a: [1, 2], b: { c: 'x y' } })).toBe('{"a":[1,2],"b":{"c":"x y"}}');
  });
});

describe('canonicalJson properties', () => {
  it('shuffling the keys of any object, at any depth, gives the same string', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
      expect(canonicalJson(shuffleKeysDeep(value, seed))).toBe(canonicalJson(value));
    }));
  });

  it('is stable through a JSON round trip (a row read back from jsonb hashes the same)', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const once = canonicalJson(value);
      expect(canonicalJson(JSON.parse(once))).toBe(once);
    }));
  });
});

describe('canonicalJson: inputs that once slipped through', () => {
  it('keeps a "__proto__" key as data (it would otherwise vanish from the hash)', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });
  it('uses a value\'s own toJSON, as JSON.stringify does (Decimal → "1.5")', () => {
    expect(canonicalJson({ amount: { toJSON: () => '1.5' } })).toBe('{"amount":"1.5"}');
  });
  it('returns a string for undefined', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});
