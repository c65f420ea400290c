import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { db } from '@/server/db';
import { serverEnv } from '@/server/env';
import { noteRequestUser, requestIsTls } from '@/server/http/request-meta';
import { authCookies } from './cookies';
import { attemptLogin, clientIp, revokeSession } from './login';

class LoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

declare module 'next-auth' {
  interface User { role?: string; sessionVersion?: number; sessionId?: string }
  interface Session { sessionVersion?: number; sessionId?: string }
}

function config(isTls: boolean): NextAuthConfig {
  const env = serverEnv();
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    ...authCookies(isTls),
    session: { strategy: 'jwt', maxAge: env.SESSION_MAX_AGE_HOURS * 3600 },
    pages: { signIn: '/login' },
    providers: [
      Credentials({
        credentials: { email: {}, password: {}, code: {} },
        async authorize(credentials, request) {
          const outcome = await attemptLogin(db(), credentials, clientIp(request.headers), new Date(), {
            maxFailures: env.LOGIN_MAX_FAILURES, windowMinutes: env.LOGIN_WINDOW_MINUTES, lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES,
            sessionMaxAgeHours: env.SESSION_MAX_AGE_HOURS, encryptionKey: env.SENTINEL_ENCRYPTION_KEY,
          }, request.headers.get('user-agent'));
          // the code reaches the login form (res.code); a lock carries its end for the message
          if (!outcome.ok) throw new LoginError(outcome.lockedUntil ? `${outcome.code}:${outcome.lockedUntil.getTime()}` : outcome.code);
          noteRequestUser(request.headers, outcome.user);
          return outcome.user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = user.sessionVersion;
          token.sid = user.sessionId;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionVersion = typeof token.sv === 'number' ? token.sv : undefined;
        session.sessionId = typeof token.sid === 'string' ? token.sid : undefined;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = 'token' in message ? message.token : null;
        if (!token?.sub || typeof token.sid !== 'string') return;
        await revokeSession(db(), token.sid, 'logout', new Date(), { id: token.sub, label: String(token.email ?? token.sub) });
      },
    },
  };
}

// next-auth passes the request to route handlers only; server components read it from next/headers
export const { handlers, auth, signIn, signOut } = NextAuth(async (req) => config(requestIsTls(req?.headers ?? await headers())));
