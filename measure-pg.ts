import { startPostgresCluster, createDatabase } from '#test/support/postgres.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
const c = await startPostgresCluster();
try {
  const url = await createDatabase(c, 'folio');
  const dir = mkdtempSync('/tmp/folio-measure-');
  const env = { ...process.env, DATABASE_URL: url, FOLIO_DATA_DIR: dir, LOG_LEVEL: 'silent' };
  const time = (label: string, args: string[]) => {
    const t = performance.now();
    const out = execFileSync('npm', ['run', '-s', ...args], { env, encoding: 'utf8' });
    console.log(label, ((performance.now() - t) / 1000).toFixed(1), 's', out.trim().split('\n').slice(-1)[0]);
  };
  time('migrate', ['db:migrate']);
  time('seed 100k', ['seed', '--', '--articles', '100000']);
  time('backup', ['folio', '--', 'db:backup', '--to', `${dir}/backup`]);
  time('restore', ['folio', '--', 'db:restore', '--from', `${dir}/backup`]);
  console.log(execFileSync('du', ['-sh', `${dir}/backup`], { encoding: 'utf8' }));
} finally { await c.stop(); }
