/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, Dates as ISO
 * strings, undefined dropped. The audit chain hashes this form, so a row read back
 * from jsonb (which reorders keys) hashes the same as when it was written.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value)) ?? 'null';
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalize(v)));
  if (value !== null && typeof value === 'object') {
    // Decimal and other values with their own JSON form (as JSON.stringify would use it)
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return normalize(toJSON.call(value));
    // a null-prototype object keeps a "__proto__" key as data instead of setting the prototype
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalize(v);
    }
    return out;
  }
  return value;
}
