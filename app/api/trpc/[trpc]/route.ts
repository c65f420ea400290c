import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { auth } from '@/server/auth';
import { resolveSessionUser } from '@/server/auth/current-user';
import { db } from '@/server/db';
import { noteRequestUser, requestClientIp } from '@/server/http/request-meta';
import { logger } from '@/server/logger';

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => {
      const user = await resolveSessionUser(db(), await auth());
      noteRequestUser(req.headers, user);
      return { db: db(), user, ip: requestClientIp(req.headers), now: () => new Date() };
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ component: 'trpc', path, err: error.cause ?? error }, 'procedure failed');
    },
  });

export { handler as GET, handler as POST };
