/**
 * The `folio` command, which every npm script calls:
 *   serve | seed [--articles N] | db:migrate [--status | --rolled-back NAME | --applied NAME] | db:diff NAME
 *   | db:backup --to DIR | db:restore --from DIR | import FORMAT FILE [options]
 *   | export [--format F] [--out FILE]
 */
import { ConfigError } from '#config/environment.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { BackupError } from '#app/database/backup-error.ts';

const commands: Record<string, { describe: string; run: (args: string[]) => Promise<void> }> = {
  serve: {
    describe: 'serve the blog over HTTP (npm start)',
    run: async () => (await import('#app/commands/serve.ts')).serve(),
  },
  workers: {
    describe:
      'the worker pool: start [--count N --listen H:P | --socket-dir D --http --daemon] | status | restart | stop',
    run: async (args) => (await import('#app/commands/workers.ts')).workers(args),
  },
  'config:apache': {
    describe:
      'print the Apache 2.4 site config: --server-name NAME [--port P --tls-cert F --tls-key F --count N --listen H:P | --balancer H:P,H:P]',
    run: async (args) => (await import('#app/commands/config-web-server.ts')).configWebServer('apache', args),
  },
  'config:lighttpd': {
    describe: 'print the lighttpd site config (same options as config:apache)',
    run: async (args) => (await import('#app/commands/config-web-server.ts')).configWebServer('lighttpd', args),
  },
  'config:nginx': {
    describe: 'print the nginx site config (same options as config:apache)',
    run: async (args) => (await import('#app/commands/config-web-server.ts')).configWebServer('nginx', args),
  },
  'release:check': {
    describe: 'does this release serve home, newest article, feed and sign-in? [--workers] [--timeout SECONDS]',
    run: async (args) => (await import('#app/commands/release-check.ts')).releaseCheck(args),
  },
  'cache:clear': {
    describe: "empty the page cache (as the admin's Page cache page does)",
    run: async () => (await import('#app/commands/cache-clear.ts')).cacheClear(),
  },
  'import:job': {
    describe: 'one step of an admin import (Tools → Import starts it): --job ID',
    run: async (args) => (await import('#app/commands/import-job.ts')).importJob(args),
  },
  seed: {
    describe: 'fill the database with sample content: --articles N',
    run: async (args) => (await import('#app/commands/seed.ts')).seed(args),
  },
  'user:create': {
    describe: 'create an account: --login L --role admin|author',
    run: async (args) => (await import('#app/commands/user-create.ts')).userCreate(args),
  },
  'db:migrate': {
    describe: 'apply pending migrations [--status | --rolled-back NAME | --applied NAME]',
    run: async (args) => (await import('#app/commands/db.ts')).migrate(args),
  },
  import: {
    describe:
      'import another blog: <wxr|ghost|feed|markdown|typo|mephisto|folio> FILE [--dry-run] [--uploads-dir DIR] [--author-map old=new,...] [--pings keep|drop] [--categories sections|tags]',
    run: async (args) => (await import('#app/commands/import.ts')).importCommand(args),
  },
  'db:backup': {
    describe: 'copy the database and the uploads into a backup directory: --to DIR [--only database|uploads]',
    run: async (args) => (await import('#app/commands/db-backup.ts')).dbBackup(args),
  },
  'db:restore': {
    describe: 'put a db:backup directory back (workers stopped), then empty the page cache: --from DIR',
    run: async (args) => (await import('#app/commands/db-backup.ts')).dbRestore(args),
  },
  export: {
    describe: 'the whole blog as one file: [--format folio|wxr|markdown] [--out FILE|-]',
    run: async (args) => (await import('#app/commands/export.ts')).exportBlog(args),
  },
  'db:diff': {
    describe: 'write a migration for schema.prisma changes: db:diff NAME',
    run: async (args) => (await import('#app/commands/db.ts')).diff(args),
  },
};

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const list = Object.entries(commands)
      .map(([n, c]) => `  ${n.padEnd(14)} ${c.describe}`)
      .join('\n');
    throw new CliError(`${name ? `unknown command "${name}"` : 'no command given'}\nusage: folio <command>\n${list}`);
  }
  await command.run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliError || error instanceof ConfigError || error instanceof BackupError) {
    console.error(`folio: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
