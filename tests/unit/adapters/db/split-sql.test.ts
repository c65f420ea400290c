import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '@/adapters/db/split-sql';

describe('splitSqlStatements', () => {
  it('splits at statement ends only', () => {
    expect(splitSqlStatements('CREATE TABLE a (x int);\n-- a comment; with a semicolon\nALTER TABLE a ADD y text;\n')).toEqual([
      'CREATE TABLE a (x int)', '-- a comment; with a semicolon\nALTER TABLE a ADD y text',
    ]);
  });
  it('keeps semicolons inside quotes, doubled quotes, identifiers and block comments', () => {
    expect(splitSqlStatements(`INSERT INTO "a;b" VALUES ('x;y', 'it''s; fine'); /* c; d */ SELECT 1;`)).toEqual([
      `INSERT INTO "a;b" VALUES ('x;y', 'it''s; fine')`, '/* c; d */ SELECT 1',
    ]);
  });
  it('keeps a dollar-quoted function body whole', () => {
    const fn = `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE EXCEPTION 'no';\nEND\n$$`;
    const tagged = `DO $body$ BEGIN PERFORM 1; END $body$`;
    expect(splitSqlStatements(`${fn};\nCREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\n${tagged};`)).toEqual([
      fn, 'CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f()', tagged,
    ]);
  });
  it('a trailing comment is not a statement', () => {
    expect(splitSqlStatements('SELECT 1;\n-- done\n')).toEqual(['SELECT 1']);
  });
});
