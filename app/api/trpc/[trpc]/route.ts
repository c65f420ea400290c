import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { auth } from '@/server/auth';
import { resolveSessionUser } from '@/server/auth/current-user';
import { clientIp } from '@/server/auth/login';
import { db } from '@/server/db';
import { logger } from '@/server/logger';

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => ({
      db: db(),
      user: await resolveSessionUser(db(), await auth()),
      ip: clientIp(req.headers),
      now: () => new Date(),
    }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ component: 'trpc', path, err: error.cause ?? error }, 'procedure failed');
    },
  });

export { handler as GET, handler as POST };
