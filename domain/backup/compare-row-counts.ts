export interface RowCountDifference {
  table: string;
  /** rows when the dump was taken; null: the table was not in the dump */
  dumped: number | null;
  /** rows after the restore; null: the restore did not create the table */
  restored: number | null;
}

/** Every table whose row count differs between dump time and the restored copy, by name. */
export function compareRowCounts(dumped: Record<string, number>, restored: Record<string, number>): RowCountDifference[] {
  const tables = [...new Set([...Object.keys(dumped), ...Object.keys(restored)])].sort();
  return tables
    .map((table) => ({ table, dumped: dumped[table] ?? null, restored: restored[table] ?? null }))
    .filter((d) => d.dumped !== d.restored);
}
