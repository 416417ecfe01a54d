/**
 * `web:disable [--reason TEXT] [--until TIME]` writes the maintenance page
 * into shared/system on web hosts; every release links public/system there,
 * and the web server answers 503 with it while it exists. `web:enable`
 * removes it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sh } from '#deploy/transport/shell.ts';
import { onHosts, type TaskContext } from '#deploy/tasks/context.ts';

const template = new URL('../templates/maintenance.html', import.meta.url);

export async function disableWeb(context: TaskContext): Promise<void> {
  const { values } = parseArgs({
    args: [...context.args],
    options: { reason: { type: 'string' }, until: { type: 'string' } },
    strict: true,
  });
  const page = maintenancePage(context.config.application, values.reason, values.until);
  await onHosts(context.sessions, async (session) => {
    const file = session.paths.maintenancePage;
    await session.run(sh`mkdir -p ${dirname(file)} && cat > ${`${file}.tmp`} && mv -f ${`${file}.tmp`} ${file}`, {
      input: { kind: 'text', text: page, describe: 'the maintenance page' },
      what: 'write the maintenance page',
    });
    context.reporter.info(session.name, `maintenance page up: ${file}`);
  });
}

export async function enableWeb(context: TaskContext): Promise<void> {
  await onHosts(context.sessions, async (session) => {
    await session.run(sh`rm -f ${session.paths.maintenancePage}`, { what: 'remove the maintenance page' });
    context.reporter.info(session.name, 'maintenance page removed');
  });
}

/** The page, from templates/maintenance.html, with every value HTML-escaped. */
export function maintenancePage(application: string, reason = 'maintenance', until = 'shortly'): string {
  const values: Record<string, string> = { application, reason, until };
  return readFileSync(template, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, name: string) => escapeHtml(values[name] ?? ''));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function dirname(file: string): string {
  return file.slice(0, file.lastIndexOf('/')) || '/';
}
