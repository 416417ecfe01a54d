/**
 * `npm run user:create -- --login L --role admin|author [--email E] [--name N]`:
 * prompts for the password on a terminal, or otherwise reads it from the
 * first line of stdin (the line break ends it; what follows is not read).
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { boot } from '#app/boot.ts';
import { db } from '#app/models/db.ts';
import { createAccount, roles } from '#app/models/user.ts';
import { ValidationError } from '#app/models/validation.ts';
import { CliError } from '#app/commands/cli-error.ts';

const usage = 'usage: npm run user:create -- --login LOGIN --role admin|author --email EMAIL [--name "Display Name"]';

export async function userCreate(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (!options.login) throw new CliError(`--login is required\n${usage}`);
  if (!options.role || !(roles as readonly string[]).includes(options.role))
    throw new CliError(`--role must be admin or author\n${usage}`);
  if (!options.email) throw new CliError(`--email is required\n${usage}`);
  const password = await readPassword();
  await boot();
  try {
    const user = await createAccount({
      login: options.login,
      role: options.role as 'admin' | 'author',
      email: options.email,
      displayName: options.name,
      password,
    });
    console.log(`Created ${user.role} "${user.login}".`);
  } catch (error) {
    if (error instanceof ValidationError) throw new CliError(Object.values(error.fields).join('\n'));
    throw error;
  } finally {
    await db.$disconnect();
  }
}

function parseOptions(args: string[]): Record<string, string | undefined> {
  const options: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--(login|role|email|name)(?:=(.*))?$/.exec(args[i]!);
    if (!match) throw new CliError(`unknown option "${args[i]}"\n${usage}`);
    options[match[1]!] = match[2] ?? args[++i];
  }
  return options;
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const password = await firstLine(process.stdin);
    if (!password) throw new CliError('no password on stdin: give it on the first line');
    return password;
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(prompt);
      // Echo goes to a stream that drops it, so the password is never shown.
      const rl = createInterface({
        input: process.stdin,
        output: new Writable({ write: (_chunk, _encoding, done) => done() }),
        terminal: true,
      });
      rl.question('', (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const password = await ask('Password: ');
  if (password !== (await ask('Password again: '))) throw new CliError('the passwords differ');
  return password;
}

/** The first line of a stream, without its line ending; the rest is left unread. */
async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}
