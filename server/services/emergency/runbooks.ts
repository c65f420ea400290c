import fs from 'node:fs/promises';
import path from 'node:path';
import { parseRunbooks, type Runbook } from '@/domain/ops/parse-runbooks';

/** The one copy of the runbooks: operators read it in the repository, the Emergency page renders it. */
export const RUNBOOKS_FILE = 'docs/emergency-procedures.md';

/**
 * The runbooks as of this request, read from the project's docs/ (the dashboard runs from
 * the project folder: `next start`, `npm start`). A missing or changed file is said so on
 * the page rather than failing it: the emergency controls must stay usable.
 */
export async function loadRunbooks(root = process.cwd()): Promise<{ runbooks: Runbook[]; error: string | null }> {
  try {
    const runbooks = parseRunbooks(await fs.readFile(path.join(root, RUNBOOKS_FILE), 'utf8'));
    return { runbooks, error: runbooks.length ? null : `${RUNBOOKS_FILE} has no "## Runbook: …" section` };
  } catch (e) {
    return { runbooks: [], error: `cannot read ${RUNBOOKS_FILE}: ${(e as Error).message}` };
  }
}
