import type { Db } from '@/adapters/db/client';
import { CLIENT_ORDER_PREFIX } from '@/domain/orders/client-order-id';
import type { ExchangeEmulator } from '@/tools/exchange-emulator/server';

/**
 * What must hold between the database and the exchange whenever the live worker has
 * reconciled and settled (the chaos run checks it after every restart, the fault tests
 * after each fault). Read from the emulator's own state, never through the faulty API.
 * Returns one line per violation; empty when everything holds.
 */
export async function liveInvariantViolations(db: Db, emu: ExchangeEmulator, o: { accountId: string; apiKey: string; quote: string; startQuote: number; timeframeMs: number }): Promise<string[]> {
  const out: string[] = [];
  const total = (asset: string) => { const b = emu.engine.accounts.get(o.apiKey)?.balances.get(asset); return b ? b.free + b.locked : 0; };
  const exOrders = [...emu.engine.orders.values()].filter((x) => x.account === o.apiKey);
  const rows = await db.order.findMany({ where: { accountId: o.accountId, venue: 'EXCHANGE' }, include: { fills: true } });
  const byClient = new Map(rows.map((r) => [r.clientOrderId, r]));

  // 1. every order on the exchange is known in the database by its client order id
  for (const x of exOrders) {
    if (!x.clientOrderId.startsWith(`${CLIENT_ORDER_PREFIX}-`)) continue; // someone else's
    if (!byClient.has(x.clientOrderId)) out.push(`exchange order ${x.clientOrderId} (${x.symbol} ${x.side} ${x.type} ${x.status}) is not in the database`);
  }
  // 2. no decision produced two entry orders (in the database or on the exchange)
  const entriesPerDecision = new Map<string, number>();
  for (const r of rows) if (r.purpose === 'ENTRY') entriesPerDecision.set(String(r.decisionId), (entriesPerDecision.get(String(r.decisionId)) ?? 0) + 1);
  for (const [d, n] of entriesPerDecision) if (n > 1) out.push(`decision ${d} has ${n} entry orders in the database`);
  const exEntries = new Map<string, number>();
  for (const x of exOrders) {
    const m = /^snl-(\d+)-(\d+)$/.exec(x.clientOrderId);
    if (m) exEntries.set(m[1]!, (exEntries.get(m[1]!) ?? 0) + 1);
  }
  for (const [d, n] of exEntries) if (n > 1) out.push(`decision ${d} has ${n} entry orders on the exchange`);
  // an order the database calls settled agrees with the exchange
  for (const x of exOrders) {
    const r = byClient.get(x.clientOrderId);
    if (!r) continue;
    const exFilled = x.executedQty;
    if (Math.abs(r.filledQuantity.toNumber() - exFilled) > 1e-12 && (r.status === 'FILLED' || r.status === 'CANCELED' || r.status === 'EXPIRED')) {
      out.push(`order ${x.clientOrderId}: database filled ${r.filledQuantity} (${r.status}), exchange ${exFilled} (${x.status})`);
    }
    if (r.status === 'FILLED' && x.status !== 'FILLED') out.push(`order ${x.clientOrderId}: FILLED in the database, ${x.status} on the exchange`);
  }
  for (const r of rows) if (r.status === 'PENDING_SUBMIT' || r.status === 'SUBMITTED') out.push(`order ${r.clientOrderId} still ${r.status} after reconciliation`);

  // 3. every open position has a live stop on the exchange, for its quantity and trigger
  const positions = await db.position.findMany({ where: { accountId: o.accountId, venue: 'EXCHANGE' }, include: { orders: true } });
  for (const p of positions.filter((x) => x.status !== 'CLOSED')) {
    const stop = exOrders.find((x) => x.clientOrderId === `${CLIENT_ORDER_PREFIX}-${p.decisionId}-sl`);
    if (!stop || (stop.status !== 'NEW' && stop.status !== 'PARTIALLY_FILLED')) out.push(`position ${p.id} (${p.symbol}, ${p.status}) has no live stop on the exchange (${stop ? stop.status : 'none'})`);
    else if (Math.abs(stop.origQty - p.quantity.toNumber()) > 1e-12 || Math.abs(stop.stopPrice - p.stopPrice.toNumber()) > 1e-9) {
      out.push(`position ${p.id}: stop on the exchange is ${stop.origQty} at ${stop.stopPrice}, the database says ${p.quantity} at ${p.stopPrice}`);
    }
  }

  // 4. database positions equal exchange balances: each asset's balance is what the bot's fills
  // say (the quote from the starting balance), and covers the open positions to within the dust
  // each entry leaves (its fee in the base, floored to the lot step)
  const fills = rows.flatMap((r) => r.fills.map((f) => ({ ...f, base: r.symbol.split('/')[0]! })));
  const assets = new Set([...fills.map((f) => f.base), ...positions.map((p) => p.symbol.split('/')[0]!)]);
  for (const asset of assets) {
    const held = fills.filter((f) => f.base === asset)
      .reduce((a, f) => a + (f.side === 'BUY' ? f.quantity.toNumber() - (f.feeCurrency === asset ? f.fee.toNumber() : 0) : -f.quantity.toNumber()), 0);
    const b = total(asset);
    if (Math.abs(b - held) > 1e-9) out.push(`${asset}: exchange balance ${b}, the database's fills say ${held}`);
    const open = positions.filter((p) => p.status !== 'CLOSED' && p.symbol.startsWith(`${asset}/`)).reduce((a, p) => a + p.quantity.toNumber(), 0);
    const step = Number(emu.engine.market(`${asset}${o.quote}`).rules.stepSize);
    const entries = positions.filter((p) => p.symbol.startsWith(`${asset}/`)).length;
    if (open > held + 1e-12) out.push(`${asset}: open positions ${open} exceed the balance ${held}`);
    if (held - open > (entries + 1) * step + 1e-12) out.push(`${asset}: ${held - open} held beyond the open positions (${open}): an untracked position`);
  }
  const quoteFlow = fills.reduce((a, f) => a + (f.side === 'SELL' ? f.quantity.toNumber() * f.price.toNumber() : -f.quantity.toNumber() * f.price.toNumber())
    - (f.feeCurrency === o.quote ? f.fee.toNumber() : 0), 0);
  const quote = total(o.quote);
  if (Math.abs(quote - (o.startQuote + quoteFlow)) > 1e-6) out.push(`${o.quote}: exchange balance ${quote}, start + the database's fills say ${o.startQuote + quoteFlow}`);

  // 5. the journal has no gap: each entry's decision, each fill and each close is journaled, and
  // the equity curve has one snapshot per candle time processed, none twice, none missing
  const decisions = new Set((await db.journalEntry.findMany({ where: { accountId: o.accountId, kind: 'DECISION' }, select: { id: true } })).map((j) => String(j.id)));
  for (const r of rows) if (r.purpose === 'ENTRY' && !decisions.has(String(r.decisionId))) out.push(`entry ${r.clientOrderId} has no decision in the journal`);
  const journal = await db.journalEntry.findMany({ where: { accountId: o.accountId, kind: { in: ['FILL', 'EXIT'] } }, select: { kind: true, message: true, details: true } });
  const filledPositions = new Set(journal.filter((j) => j.kind === 'FILL').map((j) => (j.details as { positionId?: string } | null)?.positionId));
  const closedPositions = new Set(journal.filter((j) => j.kind === 'EXIT' && j.message.startsWith('closed ')).map((j) => (j.details as { positionId?: string } | null)?.positionId));
  for (const p of positions) {
    if (!filledPositions.has(p.id)) out.push(`position ${p.id} has no FILL entry in the journal`);
    if (p.status === 'CLOSED' && !closedPositions.has(p.id)) out.push(`closed position ${p.id} has no EXIT entry in the journal`);
  }
  const snaps = await db.equitySnapshot.findMany({ where: { accountId: o.accountId }, select: { at: true }, orderBy: { at: 'asc' } });
  for (let i = 1; i < snaps.length; i++) {
    const gap = snaps[i]!.at.getTime() - snaps[i - 1]!.at.getTime();
    if (gap !== o.timeframeMs) out.push(`equity snapshots ${snaps[i - 1]!.at.toISOString()} → ${snaps[i]!.at.toISOString()}: ${gap === 0 ? 'written twice' : 'candle times missing'}`);
  }
  return out;
}
