import type { ReactNode } from 'react';

export function Card({ title, children, className, testId }: { title?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`card ${className ?? ''}`} data-testid={testId}>
      {title && <h2 className="card-title">{title}</h2>}
      {children}
    </section>
  );
}

export function Stat({ label, value, sub, tone, testId }: { label: string; value: ReactNode; sub?: ReactNode; tone?: 'ok' | 'warn' | 'bad' | 'info'; testId?: string }) {
  return (
    <div className={`stat ${tone ? `tone-${tone}` : ''}`} data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {sub && <div className="stat-sub" title={typeof sub === 'string' ? sub : undefined}>{sub}</div>}
    </div>
  );
}

/** Several one-line facts under a stat's value, each cut with an ellipsis (the full text on hover). */
export function StatLines({ lines }: { lines: string[] }) {
  return <>{lines.map((l, i) => <span key={i} className="stat-line" title={l}>{l}</span>)}</>;
}

export function Badge({ tone, children, testId }: { tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted'; children: ReactNode; testId?: string }) {
  return <span className={`badge badge-${tone}`} data-testid={testId}>{children}</span>;
}

export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}

export function ErrorNote({ error }: { error: { message: string } | null }) {
  if (!error) return null;
  return <p role="alert" className="form-error">{error.message}</p>;
}
