import type { Logger } from 'pino';
import type { Services } from '../services.ts';
import type { UserRow } from '../store/users.ts';

/** Addresses on the reserved example domain: the demo's mail only ever reaches the local outbox. */
const READER_EMAIL = 'alex@example.org';
const HOST_EMAIL = 'dana@example.org';

/**
 * The after-the-jam part of the demo: the host's published recap of the archived jam, a reader who
 * asked for it by email (that mail is in the outbox), and the host's own address waiting for
 * confirmation (its link is in the outbox too). Through the real services; run again, it changes nothing.
 */
export async function seedRecapAndMail(services: Services, host: UserRow, reader: UserRow, archiveSlug: string, log: Logger): Promise<void> {
  const { mail, recaps, deps } = services;
  const draft = await recaps.draft(host, archiveSlug);
  if (draft.published) return;
  // Published first, so the reader who asks afterwards gets the recap itself, not the digest.
  const saved = await recaps.save(host, archiveSlug, {
    version: draft.version,
    cover: 'Five ways teams turn customer voices into product changes, from the people who do it',
    blocks: [{ kind: 'note', text: 'The featured answer to each question, as the panel gave them. The full transcript has every reply.' }, ...draft.content.blocks],
  });
  await recaps.publish(host, archiveSlug, saved.version);
  if (!(await mail.repo.emailOf(reader.id))) {
    await mail.setEmail(reader, READER_EMAIL, 'Europe/Berlin');
    // Seeding stands in for the reader clicking the link in their mail.
    await mail.repo.markVerified(reader.id, READER_EMAIL, deps.clock.now().toISOString());
    const jam = await services.jams.view(archiveSlug, null);
    await mail.subscribe(reader, archiveSlug, ['recap'], undefined, { startsAt: jam.startsAt, timeZone: jam.timeZone, status: jam.status, endedAt: jam.show.endedAt });
  }
  // The host's address waits for confirmation: its link is in the outbox.
  if (!(await mail.repo.emailOf(host.id))) await mail.setEmail(host, HOST_EMAIL, undefined);
  log.info({ recap: `/jams/${archiveSlug}/recap`, outbox: '/outbox' }, 'demo recap published; mail is in the local outbox');
}
