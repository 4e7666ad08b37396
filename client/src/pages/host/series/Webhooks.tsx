import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { SeriesView } from '../../../../../shared/model.ts';
import { WEBHOOK_EVENTS, type WebhookDeliveryView, type SubscribableEvent, type WebhookView } from '../../../../../shared/webhooks.ts';
import { integrationsApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { localTime } from '../../../lib/time.ts';

/** Signed webhooks: create, send a test, rotate the secret, remove, and the delivery log. */
export function Webhooks({ series }: { series: SeriesView; isOwner: boolean }) {
  const [hooks, setHooks] = useState<WebhookView[]>([]);
  const [deliveries, setDeliveries] = useState<WebhookDeliveryView[]>([]);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<SubscribableEvent[]>([...WEBHOOK_EVENTS]);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useCallback(
    () =>
      Promise.all([integrationsApi.webhooks(series.slug), integrationsApi.deliveries(series.slug)]).then(([h, d]) => {
        setHooks(h.webhooks);
        setDeliveries(d.deliveries);
      }),
    [series.slug],
  );
  useEffect(() => {
    load().then(undefined, (e: unknown) => setError(describeError(toApiError(e))));
  }, [load]);
  const act = (run: () => Promise<unknown>, done?: string) => {
    setError(null);
    setStatus(null);
    run()
      .then(load)
      .then(
        () => done && setStatus(done),
        (e: unknown) => setError(describeError(toApiError(e))),
      );
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    act(async () => {
      const created = await integrationsApi.createWebhook(series.slug, url, events);
      setSecret({ url: created.webhook.url, secret: created.secret });
      setUrl('');
    });
  };
  return (
    <>
      {hooks.length === 0 ? (
        <p className="small muted">No webhooks yet.</p>
      ) : (
        <ul className="queue-list">
          {hooks.map((hook) => (
            <li key={hook.id}>
              <span className="small" style={{ overflowWrap: 'anywhere' }}>
                <strong>{hook.url}</strong> · {hook.events.join(', ')}
              </span>
              <div className="row">
                <button type="button" onClick={() => act(() => integrationsApi.testWebhook(series.slug, hook.id), 'Test delivery sent; its result appears in the log below.')}>
                  Send a test
                </button>
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      const rotated = await integrationsApi.rotateSecret(series.slug, hook.id);
                      setSecret({ url: rotated.webhook.url, secret: rotated.secret });
                    })
                  }
                >
                  Rotate secret
                </button>
                <button type="button" className="danger" onClick={() => act(() => integrationsApi.removeWebhook(series.slug, hook.id), 'Webhook removed.')}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {secret && (
        <div className="panel" role="status">
          <p className="small">
            Signing secret for {secret.url}, shown only now: store it where your receiver checks the <code>X-TweetJam-Signature</code> header.
          </p>
          <p className="secret">{secret.secret}</p>
          <button type="button" onClick={() => setSecret(null)}>
            I have stored it
          </button>
        </div>
      )}
      <form className="stack" onSubmit={create} aria-label="Add a webhook">
        <label htmlFor="hook-url">Receiver URL</label>
        <input id="hook-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/tweetjam" />
        <fieldset className="row">
          <legend className="small">Events</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="small">
              <input type="checkbox" checked={events.includes(event)} onChange={(e) => setEvents((es) => (e.target.checked ? [...es, event] : es.filter((x) => x !== event)))} /> {event}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={events.length === 0}>
          Add webhook
        </button>
      </form>
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      {status && <p role="status" className="small">{status}</p>}
      <h4>Delivery log</h4>
      <button type="button" onClick={() => act(load)}>
        Refresh the log
      </button>
      {deliveries.length === 0 ? (
        <p className="small muted">Nothing delivered yet.</p>
      ) : (
        <div className="audit-scroll">
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Last attempt</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => {
                const last = d.attempts[d.attempts.length - 1];
                return (
                  <tr key={d.id}>
                    <td>{localTime(d.createdAt)}</td>
                    <td>{d.event}</td>
                    <td>
                      {d.status}
                      {d.attempts.length > 1 ? ` (${d.attempts.length} tries)` : ''}
                    </td>
                    <td>{last ? (last.error ?? `HTTP ${last.statusCode}`) + ` · ${last.durationMs} ms` : 'waiting'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
