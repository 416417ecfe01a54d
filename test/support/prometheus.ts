/**
 * Debian's real Prometheus server (/usr/bin/prometheus) for integration
 * tests: a temp config scraping the given targets every second, a temp TSDB,
 * loopback only; `query` asks its HTTP API. stop() ends it and removes its files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#test/support/ports.ts';
import { waitFor } from '#test/support/wait-for.ts';

export const prometheusBinary = '/usr/bin/prometheus';

export interface ScrapeTarget {
  /** host:port */
  readonly address: string;
  readonly bearerToken?: string;
}

export interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export class PrometheusServer {
  readonly #dir: string;
  readonly #child: ChildProcess;
  readonly #output: string[] = [];
  readonly url: string;

  private constructor(dir: string, child: ChildProcess, port: number) {
    this.#dir = dir;
    this.#child = child;
    this.url = `http://127.0.0.1:${port}`;
    child.stdout!.on('data', (chunk) => this.#output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => this.#output.push(String(chunk)));
  }

  static async start(targets: readonly ScrapeTarget[]): Promise<PrometheusServer> {
    const dir = mkdtempSync(path.join(tmpdir(), 'folio-prometheus-'));
    const jobs = targets.map((target, index) =>
      [
        `  - job_name: folio-${index}`,
        '    scrape_interval: 1s',
        '    scrape_timeout: 1s',
        '    static_configs:',
        `      - targets: ['${target.address}']`,
        ...(target.bearerToken ? ['    authorization:', `      credentials: '${target.bearerToken}'`] : []),
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      ['global:', '  scrape_interval: 1s', 'scrape_configs:', ...jobs, ''].join('\n'),
    );
    const port = await freePort();
    const child = spawn(
      prometheusBinary,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new PrometheusServer(dir, child, port);
    await waitFor(async () => (await fetch(`${server.url}/-/ready`).catch(() => undefined))?.ok, {
      timeout: 60_000,
      interval: 100,
      message: () => `Prometheus to be ready:\n${server.log()}`,
    });
    return server;
  }

  /** An instant query's vector. */
  async query(promql: string): Promise<VectorSample[]> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; data?: { resultType: string; result: VectorSample[] } };
    if (body.status !== 'success' || body.data?.resultType !== 'vector')
      throw new Error(`query ${promql}: ${JSON.stringify(body)}`);
    return body.data.result;
  }

  /** The targets' scrape health, as Prometheus reports it. */
  async targets(): Promise<Array<{ health: string; lastError: string; scrapeUrl: string }>> {
    const res = await fetch(`${this.url}/api/v1/targets`);
    const body = (await res.json()) as {
      data: { activeTargets: Array<{ health: string; lastError: string; scrapeUrl: string }> };
    };
    return body.data.activeTargets;
  }

  log(): string {
    return this.#output.join('');
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      const exited = once(this.#child, 'exit');
      this.#child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
