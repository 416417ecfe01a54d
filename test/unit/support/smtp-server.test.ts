import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { startSmtpServer, type SmtpServer } from '#test/support/smtp-server.ts';

// The SMTP harness others test mail with: a real aiosmtpd, a message sent by
// nodemailer read back decoded, and a stop that really closes the port.

let dir: string;
let smtp: SmtpServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'folio-smtp-'));
  smtp = await startSmtpServer(dir);
});
afterAll(async () => {
  await smtp.stop();
  rmSync(dir, { recursive: true, force: true });
});

function send(to: string, subject: string) {
  const transport = nodemailer.createTransport(smtp.url);
  return transport.sendMail({
    from: 'Folio <folio@example.test>',
    to,
    subject,
    text: 'Zoë wrote: a line long enough to be folded by quoted-printable encoding, and then some more words here.',
    html: '<p>Zoë <b>wrote</b></p>',
    headers: { 'List-Unsubscribe': '<https://blog.example.test/unsubscribe/abc>' },
  });
}

describe('startSmtpServer', () => {
  it('stores what it accepts and parses it: from, to, subject, text, html and headers', async () => {
    await send('ada@example.test', 'Ünïcode subject — a reply');
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.from).toBe('Folio <folio@example.test>');
    expect(mail!.to).toBe('ada@example.test');
    expect(mail!.recipients).toEqual(['ada@example.test']);
    expect(mail!.subject).toBe('Ünïcode subject — a reply');
    expect(mail!.text).toBe(
      'Zoë wrote: a line long enough to be folded by quoted-printable encoding, and then some more words here.',
    );
    expect(mail!.html).toBe('<p>Zoë <b>wrote</b></p>');
    expect(mail!.headers['list-unsubscribe']).toBe('<https://blog.example.test/unsubscribe/abc>');
  });

  it('waits for messages that match, and refuses connections while stopped', async () => {
    await send('grace@example.test', 'second');
    const [mail] = await smtp.waitForMessages(1, (m) => m.subject === 'second');
    expect(mail!.to).toBe('grace@example.test');

    await smtp.stop();
    await expect(
      new Promise((resolve, reject) =>
        net.connect(smtp.port, '127.0.0.1').once('connect', resolve).once('error', reject),
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
    await smtp.start();
    await send('linus@example.test', 'third');
    expect((await smtp.waitForMessages(3)).map((m) => m.subject)).toEqual([
      'Ünïcode subject — a reply',
      'second',
      'third',
    ]);
  });
});
