import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbooks } from '@/domain/ops/parse-runbooks';

describe('parseRunbooks', () => {
  it('takes each "## Runbook:" section: paragraphs before, numbered steps (indented lines continue them), paragraphs after', () => {
    const md = [
      '# Title', 'Ignored intro.', '',
      '## Runbook: Exchange issues', 'When: the exchange', 'is lost.', '', 'Second paragraph.', '',
      '1. **Switch** to the backup.', '2. Cancel `pending` orders,', '   then watch.', '', 'After the list.',
      '## Not a runbook', '1. ignored',
      '## Runbook:  Extreme market conditions  ', '1. Activate safe mode.',
    ].join('\n');
    expect(parseRunbooks(md)).toEqual([
      { title: 'Exchange issues', intro: ['When: the exchange is lost.', 'Second paragraph.'], steps: ['**Switch** to the backup.', 'Cancel `pending` orders, then watch.'], outro: ['After the list.'] },
      { title: 'Extreme market conditions', intro: [], steps: ['Activate safe mode.'], outro: [] },
    ]);
  });

  it('docs/emergency-procedures.md has the mission\'s three runbooks, each with its steps (the Emergency page renders them)', () => {
    const md = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../docs/emergency-procedures.md'), 'utf8');
    const runbooks = parseRunbooks(md);
    expect(runbooks.map((r) => r.title)).toEqual(['System lock', 'Exchange issues', 'Extreme market conditions']);
    for (const r of runbooks) {
      expect(r.intro[0], r.title).toMatch(/^When: /);
      expect(r.steps.length, r.title).toBeGreaterThanOrEqual(4);
    }
    // the mission's words: investigate, fix, reset with reason, resume with caution / backup exchange, cancel, monitor / safe mode, sizes, monitoring
    expect(runbooks[0]!.steps.join(' ')).toMatch(/Investigate[\s\S]*Fix[\s\S]*Reset the lock[\s\S]*Resume with caution/);
    expect(runbooks[1]!.steps.join(' ')).toMatch(/backup exchange[\s\S]*Cancel pending orders[\s\S]*Monitor for recovery/);
    expect(runbooks[2]!.steps.join(' ')).toMatch(/Activate safe mode[\s\S]*Reduce position sizes[\s\S]*Increase monitoring frequency/);
  });
});
