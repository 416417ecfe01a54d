/**
 * A real SMTP server for the mail tests: Debian's aiosmtpd (run with
 * /usr/bin/python3, which has the package; `python3` may be a shim without
 * it) on a free loopback port, storing each message it accepts in a Maildir
 * that `messages()` reads back, parsed.
 *
 *   const smtp = await startSmtpServer(dir);
 *   // FOLIO_SMTP_URL = smtp.url
 *   const [mail] = await smtp.waitForMessages(1);
 *   await smtp.stop();            // the port refuses connections: "SMTP down"
 *   await smtp.start();           // up again, same port, same Maildir
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseMail, type MailMessage } from '#test/support/mail-message.ts';
import { accepts, freePort } from '#test/support/ports.ts';
import { waitFor } from '#test/support/wait-for.ts';

export type { MailMessage } from '#test/support/mail-message.ts';

export const pythonBinary = '/usr/bin/python3';

export interface SmtpServer {
  readonly port: number;
  /** `smtp://127.0.0.1:PORT` (no TLS, no auth), for FOLIO_SMTP_URL. */
  readonly url: string;
  /** The Maildir the messages land in. */
  readonly maildir: string;
  /** Every message received so far, oldest first. */
  messages(): MailMessage[];
  /** Resolves with the messages (matching `predicate`, when given) once there are at least `count`. */
  waitForMessages(count: number, predicate?: (message: MailMessage) => boolean): Promise<MailMessage[]>;
  /** Stops the server; connections to its port are refused until `start`. Messages stay. */
  stop(): Promise<void>;
  /** After `stop`: listens again on the same port, into the same Maildir. */
  start(): Promise<void>;
}

/** Starts aiosmtpd with its Maildir under `dir` (created); resolves once it accepts connections. */
export async function startSmtpServer(dir: string): Promise<SmtpServer> {
  const maildir = path.join(dir, 'maildir');
  mkdirSync(dir, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      let child = await launch(port, maildir);
      return {
        port,
        url: `smtp://127.0.0.1:${port}`,
        maildir,
        messages: () => readMaildir(maildir),
        waitForMessages: (count, predicate = () => true) =>
          waitFor(
            () => {
              const found = readMaildir(maildir).filter(predicate);
              return found.length >= count && found;
            },
            { message: () => `${count} message(s) in ${maildir} (have ${readMaildir(maildir).length})` },
          ),
        stop: () => stopChild(child),
        start: async () => {
          if (child.exitCode === null && child.signalCode === null) return;
          child = await launch(port, maildir);
        },
      };
    } catch (error) {
      if (attempt >= 3 || !/address already in use/i.test((error as Error).message)) throw error;
    }
  }
}

async function launch(port: number, maildir: string): Promise<ChildProcess> {
  const child = spawn(
    pythonBinary,
    ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`aiosmtpd exited with code ${code}:\n${log}`))),
  );
  exited.catch(() => undefined); // observed below; a later exit (stop) is not an error
  // aiosmtpd prints nothing when it is ready: the event is a connection it accepts.
  const deadline = performance.now() + 30_000;
  for (;;) {
    const accepted = await Promise.race([accepts(port), exited]);
    if (accepted) return child;
    if (performance.now() > deadline) {
      await stopChild(child);
      throw new Error(`aiosmtpd did not accept connections on ${port}:\n${log}`);
    }
    await sleep(20);
  }
}

function readMaildir(maildir: string): MailMessage[] {
  const incoming = path.join(maildir, 'new');
  if (!existsSync(incoming)) return [];
  return readdirSync(incoming)
    .map((name) => ({ file: path.join(incoming, name), name }))
    .map((entry) => ({ ...entry, time: statSync(entry.file).mtimeMs }))
    .sort((a, b) => a.time - b.time || a.name.localeCompare(b.name))
    .map((entry) => parseMail(readFileSync(entry.file, 'utf8')));
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
