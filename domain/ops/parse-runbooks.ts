export interface Runbook {
  title: string;
  /** the paragraphs before the steps: when the runbook applies */
  intro: string[];
  steps: string[];
  /** paragraphs after the steps, if any */
  outro: string[];
}

const HEADING = /^##\s+(.*)$/;
const RUNBOOK = /^Runbook:\s*(.+)$/;
const STEP = /^\d+\.\s+(.*)$/;

/**
 * The runbooks of docs/emergency-procedures.md, for the Emergency page: every
 * `## Runbook: <title>` section, with its paragraphs before the numbered list, each numbered
 * item (indented lines continue it) and the paragraphs after. Lines are joined with spaces;
 * inline Markdown (`code`, **bold**) is left for the page to render.
 */
export function parseRunbooks(markdown: string): Runbook[] {
  const out: Runbook[] = [];
  let cur: Runbook | null = null;
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (cur && paragraph.length) (cur.steps.length ? cur.outro : cur.intro).push(paragraph.join(' '));
    paragraph = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      endParagraph();
      const title = RUNBOOK.exec(heading[1]!.trim())?.[1]?.trim();
      cur = title ? { title, intro: [], steps: [], outro: [] } : null;
      if (cur) out.push(cur);
      continue;
    }
    if (!cur) continue;
    const step = STEP.exec(line);
    const text = line.trim();
    if (step) {
      endParagraph();
      cur.steps.push(step[1]!.trim());
    } else if (!text) {
      endParagraph();
    } else if (/^\s/.test(line) && cur.steps.length && !cur.outro.length && !paragraph.length) {
      cur.steps[cur.steps.length - 1] += ` ${text}`;
    } else {
      paragraph.push(text);
    }
  }
  endParagraph();
  return out;
}
