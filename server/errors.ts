import { errorStatus, type ApiError, type ErrorCode } from '../shared/errors.ts';
import type { ZodError } from 'zod';

/** A failure the user can act on: carries a stable code, an HTTP status and the field to blame. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toJSON(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
    };
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export const invalidInput = (message: string, field?: string) => new AppError('invalid_input', message, field);
export const unauthenticated = (message = 'sign in first') => new AppError('unauthenticated', message);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (message: string, field?: string) => new AppError('conflict', message, field);
export const rateLimited = (message: string, retryAfter: number) => new AppError('rate_limited', message, undefined, retryAfter);
export const unavailable = (message: string, retryAfter = 1) => new AppError('unavailable', message, undefined, retryAfter);

/** The first zod issue, as an invalid_input error naming its field. */
export function fromZod(error: ZodError, prefix?: string): AppError {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? [])].filter((p) => p !== undefined && p !== '').join('.');
  const message = issue ? (path ? `${path}: ${issue.message}` : issue.message) : 'invalid input';
  return invalidInput(message, path || undefined);
}
