import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { DomainEvents } from '../core/events.ts';
import { toAppError } from '../edge/errors.ts';

export function onError(log: Logger, events?: DomainEvents): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    events?.emit('request:refused', { edge: 'http', code: appError.code });
    if (appError.code === 'internal') log.error({ err: error, url: req.originalUrl, reqId: req.id }, 'request failed');
    else if (appError.code === 'unavailable') log.warn({ err: error, url: req.originalUrl, reqId: req.id }, 'request refused: unavailable');
    if (appError.retryAfter !== undefined) res.set('Retry-After', String(appError.retryAfter));
    res.status(appError.status).json({ error: appError.toJSON() });
  };
}
