import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake endpoint answers: advice, garbage, advice after a delay, a refusal (HTTP 4xx or the model's own), or never. */
export type FakeLlmMode = 'answer' | 'garbage' | 'slow' | 'refuse' | 'model_refusal' | 'hang';

export interface FakeLlmServer {
  /** the base URL to give the advisor (…/v1) */
  url: string;
  mode: FakeLlmMode;
  /** the advice the 'answer' and 'slow' modes return */
  advice: { note: string; confidenceAdjustment: number };
  slowMs: number;
  /** every request body received, parsed, and its Authorization header */
  requests: { body: Record<string, unknown>; authorization: string | undefined }[];
  close(): Promise<void>;
}

const completion = (content: string | null, refusal?: string) =>
  JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content, ...(refusal ? { refusal } : {}) }, finish_reason: 'stop' }] });

/** A real OpenAI-compatible HTTP server on 127.0.0.1 (a free port), switchable between modes while it runs. */
export async function startFakeLlmServer(mode: FakeLlmMode = 'answer'): Promise<FakeLlmServer> {
  const hanging = new Set<http.ServerResponse>();
  const state: Omit<FakeLlmServer, 'close' | 'url'> = { mode, advice: { note: 'trend intact, volume confirms', confidenceAdjustment: 0.1 }, slowMs: 100, requests: [] };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') { res.writeHead(404).end(); return; }
      state.requests.push({ body: JSON.parse(raw) as Record<string, unknown>, authorization: req.headers.authorization });
      const json = { 'content-type': 'application/json' };
      switch (state.mode) {
        case 'answer': res.writeHead(200, json).end(completion(JSON.stringify(state.advice))); return;
        case 'garbage': res.writeHead(200, json).end(completion('Sure! I think this trade looks great {not json')); return;
        case 'slow': setTimeout(() => res.writeHead(200, json).end(completion(JSON.stringify(state.advice))), state.slowMs); return;
        case 'refuse': res.writeHead(429, json).end(JSON.stringify({ error: { message: 'rate limited' } })); return;
        case 'model_refusal': res.writeHead(200, json).end(completion(null, 'I cannot help with trading.')); return;
        case 'hang': hanging.add(res); res.writeHead(200, json); res.write('{"choices":'); return; // headers and half a body, then nothing
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/v1`,
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
