import nodemailer from 'nodemailer';
import type { FastifyBaseLogger as Logger } from 'fastify';

/** One outgoing email. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail through SMTP when configured; otherwise writes it to the log so a person can act on it. */
export interface Mailer {
  readonly configured: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Builds the mailer for SMTP_URL (or the log-only mailer when it is unset). */
export function createMailer(smtpUrl: string | undefined, from: string, log: Logger): Mailer {
  if (!smtpUrl) {
    return {
      configured: false,
      async send(mail) {
        log.info({ mail: { to: mail.to, subject: mail.subject } }, `SMTP_URL is not set; mail not sent:\n${mail.text}`);
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    configured: true,
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
