import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { splitSqlStatements } from './split-sql';

/**
 * Prisma's own WASM schema engine (the CLI's native engine cannot be downloaded
 * here; see README "Migrations"). Instantiated by hand rather than through the
 * package's ESM `.wasm` import, so it needs no --experimental-wasm-modules flag.
 */
const require = createRequire(import.meta.url);
let ready: Promise<typeof glue> | undefined;

function loadGlue(): Promise<typeof glue> {
  ready ??= (async () => {
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return ready;
}

/**
 * The pg adapter runs a migration script by splitting it at every ';', which cuts a PL/pgSQL
 * function body apart (the audit log's append-only trigger). Run each statement as
 * splitSqlStatements finds them instead, on the same pool, in order.
 */
function withStatementAwareScripts(factory: PrismaPg, pool: pg.Pool): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      for (const stmt of splitSqlStatements(script)) await pool.query(stmt);
    };
    return adapter;
  };
  return factory;
}

/** The engine over a pool of our own, so `close()` really ends its connections (a template database must have none). */
export async function openSchemaEngine(schemaPath: string, connectionString: string): Promise<{ engine: SchemaEngine; close(): Promise<void> }> {
  const g = await loadGlue();
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on('error', () => undefined); // surfaced by the failing query instead
  const factory = bindMigrationAwareSqlAdapterFactory(withStatementAwareScripts(new PrismaPg(pool), pool));
  try {
    const engine = await g.SchemaEngine.new({ datamodels: [[schemaPath, fs.readFileSync(schemaPath, 'utf8')]] }, () => undefined, factory);
    return { engine, close: async () => { engine.free(); await pool.end(); } };
  } catch (e) {
    await pool.end();
    throw e;
  }
}
