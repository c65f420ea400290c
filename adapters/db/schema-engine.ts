import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

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

export async function openSchemaEngine(schemaPath: string, connectionString: string): Promise<SchemaEngine> {
  const g = await loadGlue();
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  return g.SchemaEngine.new({ datamodels: [[schemaPath, fs.readFileSync(schemaPath, 'utf8')]] }, () => undefined, factory);
}
