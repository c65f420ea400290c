import fs from 'node:fs';
import path from 'node:path';

/** The migration folders (<ts>_<name>/migration.sql), sorted; no schema engine needed (the server's checklist reads it). */
export function listMigrationDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name).sort();
}
