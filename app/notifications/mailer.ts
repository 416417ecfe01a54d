/**
 * Sends one queued mail through the SMTP server of FOLIO_SMTP_URL
 * (nodemailer). One transport per URL, made on first use: a transport holds
 * no connection between sends (no pool), so a mail server that went away
 * and came back needs nothing from us. Every wait is bounded, so one stuck
 * server cannot hold the outbox for long.
 *
 * nodemailer is loaded on the first send, not with this module: requests
 * import the outbox to queue mail, and every worker would otherwise carry
 * its ~13 MB without ever sending.
 */
import type { Transporter } from 'nodemailer';
import type { MonitoringConfig } from '#config/monitoring.ts';

export interface QueuedMail {
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
  /** '' when the mail is text only. */
  readonly html: string;
  /** JSON object of extra headers. */
  readonly headers: string;
}

/** Why mail is kept unsent: what the admin sees as its last error. */
export const noSmtpServer = 'not sent: no mail server is configured (FOLIO_SMTP_URL)';

const transports = new Map<string, Transporter>();

export async function sendMail(config: MonitoringConfig, mail: QueuedMail): Promise<void> {
  if (!config.smtpUrl) throw new Error(noSmtpServer);
  const transport = await transportFor(config.smtpUrl);
  await transport.sendMail({
    from: config.mailFrom,
    to: mail.recipient,
    subject: mail.subject,
    text: mail.body,
    ...(mail.html ? { html: mail.html } : {}),
    headers: JSON.parse(mail.headers) as Record<string, string>,
  });
}

async function transportFor(url: string): Promise<Transporter> {
  let transport = transports.get(url);
  if (!transport) {
    const { default: nodemailer } = await import('nodemailer');
    transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(url, transport);
  }
  return transport;
}
