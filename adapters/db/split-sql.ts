/**
 * Split a migration script into statements at the semicolons that end them, not at the ones
 * inside quotes, dollar-quoted bodies (a PL/pgSQL function) or comments. The Prisma pg
 * adapter's own executeScript splits at every ';', which breaks any function body.
 */
export function splitSqlStatements(script: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i]!;
    const next = script[i + 1];
    if (c === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && !(script[j] === c && script[j + 1] !== c)) j += script[j] === c ? 2 : 1;
      i = j + 1;
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        i = end < 0 ? n : end + tag.length;
      } else i += 1;
    } else if (c === ';') {
      const stmt = script.slice(start, i).trim();
      if (stmt) out.push(stmt);
      start = i + 1;
      i += 1;
    } else i += 1;
  }
  const last = script.slice(start).trim();
  if (last && !/^(--[^\n]*\n?|\s)*$/.test(last)) out.push(last);
  return out;
}
