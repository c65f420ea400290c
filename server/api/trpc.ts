import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Db } from '@/adapters/db/client';
import type { SessionUser } from '@/server/auth/current-user';
import { AppError, toTRPCError } from '@/server/errors';
import { hasAccess, procedureAccess } from './access';

export interface Context {
  db: Db;
  user: SessionUser | null;
  ip: string;
  now: () => Date;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // name the field, unless the message already starts with it
      message: zod ? zod.issues.map((i) => {
        const field = i.path.join('.') || 'input';
        return i.message.startsWith(String(i.path.at(-1) ?? '\0')) ? `${field.replace(/[^.]+$/, '')}${i.message}` : `${field}: ${i.message}`;
      }).join('; ') : shape.message,
      data: { ...shape.data, fieldErrors: zod ? Object.fromEntries(zod.issues.map((i) => [i.path.join('.'), i.message])) : undefined },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Looks the procedure's minimum role up in the access table; unknown paths are refused. */
const enforceAccess = t.middleware(async ({ ctx, path, next }) => {
  const required = procedureAccess[path];
  if (required === undefined) throw new TRPCError({ code: 'FORBIDDEN', message: `procedure ${path} has no access rule` });
  if (required !== 'PUBLIC' && !ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first' });
  if (!hasAccess(ctx.user?.role ?? null, required)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `${path} needs the ${required.toLowerCase()} role` });
  }
  return next();
});

const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

/** Every procedure is built from this one: the access table decides who may call it. */
export const procedure = t.procedure.use(enforceAccess).use(mapAppErrors);

/** The signed-in user, for procedures whose access rule is a role (never PUBLIC). */
export function requireUser(ctx: Context): SessionUser {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first' });
  return ctx.user;
}

export function actorOf(ctx: Context) {
  const user = requireUser(ctx);
  return { id: user.id, label: user.email, ip: ctx.ip };
}
