import { TRPCError } from '@trpc/server';

/** One application error with string codes, each mapped to a tRPC code (documenso's AppError). */
export const APP_ERROR_CODES = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
} as const;
export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  constructor(readonly code: AppErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
  }
}

export function toTRPCError(e: unknown): unknown {
  return e instanceof AppError ? new TRPCError({ code: APP_ERROR_CODES[e.code], message: e.message, cause: e }) : e;
}
