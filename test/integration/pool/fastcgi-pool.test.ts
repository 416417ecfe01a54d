import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '#app/server/pool/state-file.ts';
import { FastcgiClient, apacheParams } from '#test/support/fastcgi-client.ts';
import { PoolHarness, freePorts, get } from '#test/integration/pool/pool-harness.ts';
import { waitFor } from '#test/support/wait-for.ts';

// A foreground supervisor (as under systemd or in a terminal) in the default FastCGI mode.
describe('a foreground pool of FastCGI workers', () => {
  let pool: PoolHarness;
  let port: number;
  let supervisor: ReturnType<PoolHarness['spawn']>;

  beforeAll(async () => {
    pool = new PoolHarness();
    port = await freePorts(1);
    supervisor = pool.spawn(['start', '--count', '1', '--listen', `127.0.0.1:${port}`]);
    await pool.ready(1);
  });
  afterAll(async () => {
    await pool?.cleanup();
  });

  it('answers a FastCGI request as Apache sends it', async () => {
    const client = await FastcgiClient.connect(port);
    const res = await client.request({ params: apacheParams({ uri: '/' }) });
    await client.close();
    expect(res.status).toBe(200);
    expect(res.body.toString()).toMatch(/<html/i);
  });

  it('logs to stdout, and drains and exits 0 on SIGTERM, removing its run files', async () => {
    const { supervisorPid, workers } = pool.state()!;
    const closed = new Promise<number | null>((resolve) => supervisor.once('close', resolve));
    process.kill(supervisorPid, 'SIGTERM');
    const code = await closed;
    expect(code, supervisor.output.join('')).toBe(0);
    const output = supervisor.output.join('');
    expect(output).toMatch(/"worker":"supervisor".*"msg":"pool ready: 1 fastcgi workers"/);
    expect(output).toMatch(/"worker":"0".*"msg":"draining"/);
    expect(output).toContain('"msg":"all workers stopped"');
    expect(isAlive(workers[0]!.pid!)).toBe(false);
    expect(existsSync(pool.paths.pidFile)).toBe(false);
  });
});

describe('HTTP workers on unix sockets', () => {
  let pool: PoolHarness;
  let socketDir: string;
  let sockets: string[];

  beforeAll(() => {
    pool = new PoolHarness();
    socketDir = path.join(pool.dataDir, 'sockets');
    sockets = [0, 1].map((n) => path.join(socketDir, `folio-${n}.sock`));
  });
  afterAll(async () => {
    await pool?.cleanup();
  });

  it('serve on one socket each', async () => {
    pool.spawn(['start', '--http', '--socket-dir', socketDir]);
    await pool.ready(2);
    for (const socket of sockets) expect((await get(socket)).status).toBe(200);
  });

  it('go with a supervisor killed outright, and the next start clears the stale pid file and sockets', async () => {
    const { supervisorPid, workers } = pool.state()!;
    process.kill(supervisorPid, 'SIGKILL');
    await waitFor(() => !workers.some((w) => isAlive(w.pid!)), {
      timeout: 120_000, // a bound for a hang: they exit as soon as they notice
      message: 'the orphaned workers to exit',
    });
    for (const worker of workers) expect(isAlive(worker.pid!)).toBe(false); // they exit when their IPC channel closes
    expect(existsSync(pool.paths.pidFile)).toBe(true);
    expect(readdirSync(socketDir).sort()).toEqual(['folio-0.sock', 'folio-1.sock']);

    const restarted = await pool.run(['start', '--daemon', '--http', '--socket-dir', socketDir]);
    expect(restarted.code, restarted.stderr + pool.log()).toBe(0);
    for (const socket of sockets) expect((await get(socket)).status).toBe(200);
    expect(pool.state()!.supervisorPid).not.toBe(supervisorPid);

    const stopped = await pool.run(['stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(readdirSync(socketDir)).toEqual([]);
  });
});

describe('a pool whose address is taken', () => {
  let pool: PoolHarness;
  let squatter: net.Server | undefined;

  beforeAll(() => {
    pool = new PoolHarness();
  });
  afterAll(async () => {
    const server = squatter;
    if (server) await new Promise((resolve) => server.close(resolve));
    await pool?.cleanup();
  });

  it("fails to start, with the worker's reason, and leaves nothing behind", async () => {
    const port = await freePorts(1);
    const server = (squatter = net.createServer());
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const started = await pool.run(['start', '--daemon', '--listen', `127.0.0.1:${port}`, '--count', '1']);
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(
      /folio: worker 0 \(pid \d+\) exited with code 1 before it got ready: bind EADDRINUSE 127\.0\.0\.1:\d+ \(log: .*workers\.log\)/,
    );
    expect(existsSync(pool.paths.pidFile)).toBe(false);
    expect(pool.log()).toContain('the pool did not start');
  });
});
