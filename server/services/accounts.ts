import type { Tx } from '@/adapters/db/client';
import { AppError } from '@/server/errors';

type Reader = Pick<Tx, 'tradingAccount'>;

/** The account a page asks about, or the first one (the Quick start has one paper account). */
export async function resolveAccount(db: Reader, accountId: string | undefined) {
  const account = await db.tradingAccount.findFirst({ where: accountId ? { id: accountId } : {}, orderBy: { createdAt: 'asc' } });
  if (!account) throw new AppError('NOT_FOUND', accountId ? `no trading account ${accountId}` : 'no trading account yet: start the worker once (npm start) to create the paper account');
  return account;
}
