import path from 'node:path';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { encryptSecret, last4 } from '@/adapters/crypto/secret-box';
import { credentialAad } from '@/adapters/repo/credentials';
import type { Db } from '@/adapters/db/client';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ROOT } from './test-postgres';

/** Real candles for an emulator: the project's 1h files from `from` (history before the emulator's start warms the strategies). */
export function emulatorMarkets(symbols: string[], from = Date.UTC(2024, 0, 1), to = Date.UTC(2024, 6, 1)) {
  return symbols.map((s) => marketFromSeries(loadCandlesCsv(path.join(ROOT, 'data', `binance_${s}_1h.csv.gz`), { fromMs: from, toMs: to })));
}

/** A test encryption key (32 bytes, base64) and an ACTIVE exchange key row sealed with it, as Settings would store it. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export async function storeKey(db: Db, accountId: string, key: { apiKey: string; secret: string }, encryptionKey = TEST_ENCRYPTION_KEY) {
  const row = await db.exchangeCredential.create({ data: { accountId, apiKeyEnc: 'pending', apiSecretEnc: 'pending', keyLast4: last4(key.apiKey), verifiedAt: new Date(), hasWithdrawPermission: false } });
  await db.exchangeCredential.update({ where: { id: row.id }, data: {
    apiKeyEnc: encryptSecret(key.apiKey, encryptionKey, credentialAad(row.id, 'apiKey')), apiSecretEnc: encryptSecret(key.secret, encryptionKey, credentialAad(row.id, 'apiSecret')),
  } });
  return row.id;
}
