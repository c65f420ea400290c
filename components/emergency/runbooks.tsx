import { Card } from '@/components/ui/card';
import type { Runbook } from '@/domain/ops/parse-runbooks';
import { InlineMarkdown } from './inline-markdown';

/** The runbooks as docs/emergency-procedures.md has them (read by the page on each request). */
export function Runbooks({ runbooks, error }: { runbooks: Runbook[]; error: string | null }) {
  return (
    <section aria-labelledby="runbooks-title" data-testid="runbooks">
      <h2 id="runbooks-title" className="card-title">Runbooks <span className="muted small">docs/emergency-procedures.md</span></h2>
      {error && <p role="alert" className="form-error">{error}</p>}
      <div className="runbooks">
        {runbooks.map((r) => (
          <Card key={r.title} title={r.title} testId="runbook">
            {r.intro.map((p, i) => <p key={i} className="small muted runbook-intro"><InlineMarkdown text={p} /></p>)}
            <ol className="runbook-steps">
              {r.steps.map((s, i) => <li key={i}><InlineMarkdown text={s} /></li>)}
            </ol>
            {r.outro.map((p, i) => <p key={i} className="small"><InlineMarkdown text={p} /></p>)}
          </Card>
        ))}
      </div>
    </section>
  );
}
