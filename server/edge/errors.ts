import { AppError, isAppError, unavailable } from '../errors.ts';
import { isStoreUnavailable } from '../store/index.ts';

/** Maps anything thrown to the one documented error body; never leaks a stack trace. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const e = error as { type?: string; status?: number; expose?: boolean } | null;
  if (e?.type === 'entity.parse.failed') return new AppError('invalid_input', 'the body is not valid JSON');
  if (e?.type === 'entity.too.large') return new AppError('payload_too_large', 'the body is too large');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('invalid_input', 'the body must be UTF-8 JSON');
  if (error instanceof URIError) return new AppError('invalid_input', 'the URL has a broken %-escape');
  // Other client errors raised by Express and its parsers (http-errors with expose: true).
  if (e?.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new AppError(e.status === 413 ? 'payload_too_large' : e.status === 404 ? 'not_found' : 'invalid_input', 'the request is malformed');
  // The store may have failed while committing: the write may be saved. Retrying with the same client id is safe.
  if (isStoreUnavailable(error)) return unavailable('the store is unavailable; it may have been saved: retry with the same client id');
  return new AppError('internal', 'something went wrong on our side');
}
