import { z } from './zod.ts';

/** One error vocabulary for HTTP bodies and socket acks; the client maps codes back in one place. */
export const ErrorCode = {
  invalid_input: 'invalid_input',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  payload_too_large: 'payload_too_large',
  rate_limited: 'rate_limited',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status paired with each code. */
export const errorStatus: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** The wire shape of every error, in `{ "error": ApiError }` bodies and `{ ok: false, error }` acks. */
export const apiErrorSchema = z
  .object({
    code: z.enum(ErrorCode),
    message: z.string(),
    field: z.string().optional().describe('Dotted path of the offending input field, when one field is to blame.'),
    retryAfter: z.number().optional().describe('Seconds until a retry may succeed (rate limits, busy store).'),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Every HTTP error body. */
export const errorBodySchema = z.object({ error: apiErrorSchema }).meta({ id: 'ErrorBody' });

/** Errors a client may retry with the same client id (`unavailable` during a store failure may have saved it: the retry finds it). */
export function isRetryable(error: ApiError): boolean {
  return error.code === 'unavailable' || error.code === 'rate_limited';
}
