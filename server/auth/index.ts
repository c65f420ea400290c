import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { appendAuditNow } from '@/adapters/repo/audit-log';
import { db } from '@/server/db';
import { serverEnv } from '@/server/env';
import { attemptLogin, clientIp } from './login';

class LoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

declare module 'next-auth' {
  interface User { role?: string; sessionVersion?: number }
  interface Session { sessionVersion?: number }
}

function config(): NextAuthConfig {
  const env = serverEnv();
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: 'jwt', maxAge: env.SESSION_MAX_AGE_HOURS * 3600 },
    pages: { signIn: '/login' },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const outcome = await attemptLogin(db(), credentials, clientIp(request.headers), new Date(), {
            maxFailures: env.LOGIN_MAX_FAILURES, windowMinutes: env.LOGIN_WINDOW_MINUTES,
          });
          if (!outcome.ok) throw new LoginError(outcome.code);
          return outcome.user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionVersion = typeof token.sv === 'number' ? token.sv : undefined;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = 'token' in message ? message.token : null;
        if (!token?.sub) return;
        await appendAuditNow(db(), { actorId: token.sub, actorLabel: String(token.email ?? token.sub), action: 'auth.logout' }, new Date());
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
