import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountEmailView, MailSubscriptionView } from '../../shared/mail.ts';
import type { RunningServer } from '../../server/server.ts';
import { FakeClock } from '../support/fakeClock.ts';
import { ApiClient, startTestServer, until } from '../support/harness.ts';
import { linkIn, TestSmtp } from '../support/smtp.ts';

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
/** A header as sent (mailparser turns List-* headers into objects). */
const rawHeader = (mail: ParsedMail, key: string) => (mail.headerLines.find((h) => h.key === key)?.line ?? '').replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ').trim();

describe('email over SMTP', () => {
  const smtp = new TestSmtp();
  // Friday 30 Oct 2026, 08:00 in New York (EDT); clocks fall back on Sunday 1 Nov at 02:00.
  const clock = new FakeClock('2026-10-30T12:00:00.000Z');
  let server: RunningServer;
  let host: ApiClient;
  let reader: ApiClient;
  let seriesSlug = '';
  let jamSlug = '';

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    server = await startTestServer({ clock, mail: { smtpUrl, from: 'TweetJam <jams@example.org>' } });
    host = await new ApiClient(server.url).signUp('mailhost');
    reader = await new ApiClient(server.url).signUp('mailreader');
    const series = await host.createSeries({ name: 'NY chat', hashtag: '#nychat', timeZone: 'America/New_York' });
    seriesSlug = series.slug;
    // Sunday 1 Nov, 09:00 EST (UTC−5) = 14:00Z, the morning after the change.
    jamSlug = (await host.createJam(series.slug, { title: 'After the clocks change', startsAt: '2026-11-01T14:00:00.000Z' })).slug;
  });
  afterAll(async () => {
    await server?.close();
    await smtp.close();
  });

  async function verifiedAddress(client: ApiClient, email: string, timeZone?: string) {
    const set = await client.request<{ account: AccountEmailView }>('PUT', '/api/account/email', { email, timeZone });
    expect(set.body.account).toMatchObject({ email, verified: false });
    const mail = await smtp.waitFor((m) => m.subject === 'Confirm your email for TweetJam' && m.to !== undefined && JSON.stringify(m.to).includes(email));
    expect(mail.html).toContain('Confirm my email');
    const link = linkIn(mail, `${server.url}/account/verify?token=`);
    expect((await client.post('/api/account/email/verify', { token: tokenOf(link) })).status).toBe(200);
    expect((await client.get<{ account: AccountEmailView }>('/api/account/email')).body.account.verified).toBe(true);
    // Opening it again changes nothing and is not an error; a made-up token is.
    expect((await client.post('/api/account/email/verify', { token: tokenOf(link) })).status).toBe(200);
    expect((await client.post('/api/account/email/verify', { token: 'x'.repeat(43) })).status).toBe(400);
  }

  it('verifies an address by a link mailed to it', async () => {
    await verifiedAddress(reader, 'reader@example.org', 'Europe/Berlin');
  });

  it('resets a password by a mailed link that works once and expires after an hour', async () => {
    expect((await new ApiClient(server.url).post('/api/auth/password-reset', { who: 'mailreader' })).status).toBe(202);
    const first = await smtp.waitFor((m) => m.subject === 'Reset your TweetJam password');
    const link = linkIn(first, `${server.url}/reset-password?token=`);
    expect((await new ApiClient(server.url).post('/api/auth/password-reset/confirm', { token: tokenOf(link), password: 'a brand new passphrase' })).status).toBe(204);
    // The old session is closed, the new password works, the link does not work twice.
    expect((await reader.get('/api/auth/me')).status).toBe(401);
    const signedIn = await new ApiClient(server.url).post<{ token: string }>('/api/auth/signin', { handle: 'mailreader', password: 'a brand new passphrase' });
    expect(signedIn.status).toBe(200);
    reader.token = signedIn.body.token;
    expect((await new ApiClient(server.url).post('/api/auth/password-reset/confirm', { token: tokenOf(link), password: 'another passphrase' })).status).toBe(400);

    // Asked for by address this time; used an hour and a minute later it has expired.
    expect((await new ApiClient(server.url).post('/api/auth/password-reset', { who: 'READER@example.org' })).status).toBe(202);
    await until(async () => smtp.received.filter((m) => m.subject === 'Reset your TweetJam password').length === 2);
    const second = smtp.received.filter((m) => m.subject === 'Reset your TweetJam password')[1]!;
    clock.advanceMinutes(61);
    expect((await new ApiClient(server.url).post('/api/auth/password-reset/confirm', { token: tokenOf(linkIn(second, `${server.url}/reset-password?token=`)), password: 'too late passphrase' })).status).toBe(400);
    // Nobody learns whether an account exists.
    expect((await new ApiClient(server.url).post('/api/auth/password-reset', { who: 'nobody_here' })).status).toBe(202);
  });

  it('reminds a day before at the same wall-clock time across the DST change, and 15 minutes before, with the .ics', async () => {
    const chosen = await reader.request<{ subscription: MailSubscriptionView }>('PUT', `/api/jams/${jamSlug}/mail-subscription`, { kinds: ['day', 'soon'] });
    expect(chosen.status).toBe(200);
    expect(chosen.body.subscription.kinds.sort()).toEqual(['day', 'soon']);
    await verifiedAddress(host, 'host@example.org');
    expect((await host.request('PUT', `/api/jams/${jamSlug}/mail-subscription`, { kinds: ['soon', 'recap'], timeZone: 'America/New_York' })).status).toBe(200);
    const before = smtp.received.length;

    // 09:00 EDT on Saturday is 13:00Z: 25 hours before the start, not 24.
    clock.advance(Date.parse('2026-10-31T12:59:00.000Z') - clock.now().getTime());
    await server.services.mail.queue.idle();
    expect(smtp.received.length).toBe(before);
    clock.advanceMinutes(1);
    const day = await smtp.waitFor((m) => m.subject === '#nychat “After the clocks change” starts tomorrow');
    expect(day.date?.toISOString()).toBe('2026-10-31T13:00:00.000Z');
    // The series' time and the reader's own (Berlin left summer time a week earlier: UTC+1).
    expect(day.text).toContain('When: Sun 1 Nov 2026, 09:00 EST (15:00 GMT+1 your time).');
    const ics = day.attachments.find((a) => a.filename === `${jamSlug}.ics`);
    expect(ics?.contentType).toBe('text/calendar');
    expect(ics?.content.toString()).toContain('DTSTART;TZID=America/New_York:20261101T090000');
    expect(rawHeader(day, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(day, 'list-unsubscribe')).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/mail\/unsubscribe\?token=.+&series=nychat>$/);
  });

  it('one-click unsubscribe stops further mail about the series', async () => {
    const day = smtp.received.find((m) => m.subject?.endsWith('starts tomorrow'))!;
    const url = /<([^>]+)>/.exec(rawHeader(day, 'list-unsubscribe'))![1]!;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    const account = (await reader.get<{ account: AccountEmailView }>('/api/account/email')).body.account;
    expect(account.series).toEqual([{ slug: seriesSlug, name: 'NY chat', hashtag: '#nychat', muted: true }]);

    // 13:45Z Sunday: the 15-minute reminders fall due; the host's goes out, the reader's does not.
    clock.advance(Date.parse('2026-11-01T13:46:00.000Z') - clock.now().getTime());
    const soon = await smtp.waitFor((m) => m.subject === '#nychat “After the clocks change” starts in 15 minutes');
    expect(soon.date?.toISOString()).toBe('2026-11-01T13:45:00.000Z');
    expect(JSON.stringify(soon.to)).toContain('host@example.org');
    await server.services.mail.queue.idle();
    expect(smtp.to('reader@example.org').filter((m) => m.subject?.includes('starts in 15 minutes'))).toEqual([]);
  });

  it('sends the recap to those who asked, once the host publishes it', async () => {
    clock.advanceMinutes(20);
    await host.post(`/api/jams/${jamSlug}/show`, { action: 'end' });
    const draft = await host.get<{ draft: { version: number } }>(`/api/jams/${jamSlug}/recap/draft`);
    await host.request('PUT', `/api/jams/${jamSlug}/recap/draft`, { version: draft.body.draft.version, cover: 'An hour that moved', blocks: [{ kind: 'note', text: 'Clocks changed; the chat did not.' }] });
    await host.post(`/api/jams/${jamSlug}/recap/publish`, { version: draft.body.draft.version + 1 });
    const recap = await smtp.waitFor((m) => m.subject === 'Recap: After the clocks change (#nychat)');
    expect(recap.text).toContain('An hour that moved');
    expect(recap.text).toContain(`/jams/${jamSlug}/recap`);
  });
});

describe('the mail queue across a crash', () => {
  it('does not send a mail twice when the process died between sending and recording it', async () => {
    const smtp = new TestSmtp();
    const smtpUrl = await smtp.start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tj-mail-crash-'));
    const clock = new FakeClock('2026-06-01T10:00:00.000Z');
    const first = await startTestServer({ clock, dataDir, sqliteFile: 'tweetjam.sqlite', mail: { smtpUrl } });
    // The SMTP server accepts, then "the process dies" before the outcome is written.
    first.services.mail.queue.afterSend = () => {
      throw new Error('simulated crash between send and record');
    };
    const user = await new ApiClient(first.url).signUp('crashy');
    await user.request('PUT', '/api/account/email', { email: 'crashy@example.org' });
    const sent = await smtp.waitFor((m) => m.subject === 'Confirm your email for TweetJam');
    await first.services.mail.queue.idle();
    await first.close();

    const second = await startTestServer({ clock, dataDir, sqliteFile: 'tweetjam.sqlite', mail: { smtpUrl } });
    try {
      clock.advanceMinutes(5);
      await until(async () => (await second.services.mail.repo.recentMail(10)).every((m) => m.status === 'uncertain'));
      await second.services.mail.queue.idle();
      expect(smtp.received.filter((m) => m.messageId === sent.messageId)).toHaveLength(1);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await second.close();
      await smtp.close();
    }
  });

  it('retries a mail the SMTP server refused, and a restart sends what was left queued', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tj-mail-retry-'));
    const clock = new FakeClock('2026-06-01T10:00:00.000Z');
    // Nobody listens on this port yet: every attempt fails and is retried with backoff.
    const smtp = new TestSmtp();
    const smtpUrl = await smtp.start();
    await smtp.close();
    const first = await startTestServer({ clock, dataDir, sqliteFile: 'tweetjam.sqlite', mail: { smtpUrl } });
    const user = await new ApiClient(first.url).signUp('retryer');
    await user.request('PUT', '/api/account/email', { email: 'retryer@example.org' });
    await until(async () => (await first.services.mail.repo.recentMail(1))[0]?.last_error);
    await first.services.mail.queue.idle();
    await first.close();

    // The same address as before, now listening.
    const again = new TestSmtp();
    const url = await again.start(smtp.port);
    const second = await startTestServer({ clock, dataDir, sqliteFile: 'tweetjam.sqlite', mail: { smtpUrl: url } });
    try {
      clock.advanceMinutes(2);
      const mail = await again.waitFor((m) => m.subject === 'Confirm your email for TweetJam');
      expect(mail.messageId).toBe((await second.services.mail.repo.recentMail(1))[0]!.message_id);
      await until(async () => (await second.services.mail.repo.recentMail(1))[0]?.status === 'sent');
    } finally {
      await second.close();
      await again.close();
    }
  });
});
