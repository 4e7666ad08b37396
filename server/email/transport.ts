import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { OutboxRow } from './repo.ts';

/** Where queued mail goes: SMTP, or nowhere but the persisted outbox (and the log). */
export interface MailTransport {
  readonly name: 'smtp' | 'outbox';
  /** Resolves once the receiving server accepted the mail; throws when it did not. */
  send(mail: OutboxRow, from: string): Promise<void>;
  close(): void;
}

/** nodemailer over SMTP_URL (smtp://user:pass@host:587, smtps://… for TLS from the start). */
export function smtpTransport(url: string): MailTransport {
  const transporter = createTransport(url);
  return {
    name: 'smtp',
    async send(mail, from) {
      const attachments = JSON.parse(mail.attachments) as { filename: string; contentType: string; content: string }[];
      await transporter.sendMail({
        from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body,
        // The same id on every attempt, so a copy resent after a failure is recognisably the same mail.
        messageId: mail.message_id,
        date: new Date(mail.created_at),
        headers: JSON.parse(mail.headers) as Record<string, string>,
        attachments,
      });
    },
    close: () => transporter.close(),
  };
}

/** No SMTP configured: the mail stays in the outbox (the operator page shows it) and is logged. */
export function outboxTransport(log: Logger): MailTransport {
  return {
    name: 'outbox',
    async send(mail) {
      log.info({ to: mail.to_address, subject: mail.subject, messageId: mail.message_id, kind: mail.kind }, 'mail kept in the local outbox (set SMTP_URL to send it)');
    },
    close() {},
  };
}
