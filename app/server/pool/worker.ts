/**
 * A pool worker: the entry the supervisor forks. Boots without migrating
 * (the supervisor has), builds the app once, listens on its address (argv:
 * `--listen ADDRESS --transport fastcgi|http`), tells the supervisor it is
 * ready, reports its counters when asked, and drains and exits when told.
 * Its log lines carry its name (FOLIO_WORKER, set by the supervisor).
 * Its metrics go to the supervisor when asked, and its GET /metrics answers
 * with the whole pool's, which it asks the supervisor for.
 */
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { boot } from '#app/boot.ts';
import { createApplication } from '#config/application.ts';
import { catchUpWithOtherHosts } from '#app/page-cache/index.ts';
import { disconnectDatabase } from '#app/models/db.ts';
import { formatAddress, parseAddress } from '#app/server/pool/address.ts';
import { isSupervisorMessage, type SupervisorMessage, type WorkerMessage } from '#app/server/pool/messages.ts';
import { Questions } from '#app/server/pool/questions.ts';
import { processMetrics, type ProcessMetrics } from '#app/monitor/metrics/registry.ts';
import { RequestTally } from '#app/monitor/metrics/tally.ts';
import { handleSignals, workerSignals } from '#app/server/pool/signals.ts';
import { createListener, type WorkerListener } from '#app/server/pool/worker-listener.ts';
import type { Transport } from '#app/server/pool/spawner.ts';

/** For a SIGTERM from outside the pool (systemd); the supervisor sends its own timeout. */
const SIGTERM_DRAIN_MS = 30_000;
/** The supervisor gives each worker 1 s to send its metrics; this leaves it time to sum them. */
const POOL_METRICS_MS = 3_000;

let logger: Logger | undefined;
let listener: WorkerListener | undefined;
/** Undefined with FOLIO_METRICS=off: the tally then stays empty. */
let metrics: ProcessMetrics | undefined;
const emptyTally = new RequestTally();
const poolMetrics = new Questions<string | null>();
let exiting = false;

handleSignals(process, workerSignals, { drain: () => void drainAndExit(SIGTERM_DRAIN_MS), ignore: () => {} });
process.on('message', (message: unknown) => {
  if (isSupervisorMessage(message)) answer(message);
});

void main();

async function main(): Promise<void> {
  try {
    const { address, transport } = parseWorkerArgv(process.argv.slice(2));
    const booted = await boot(process.env, { migrate: false, serving: true });
    logger = booted.logger;
    if (booted.config.monitoring.metrics) {
      metrics = processMetrics();
      metrics.exposeWith(askForPoolMetrics);
    }
    const app = createApplication(booted.config, logger);
    await catchUpWithOtherHosts(app, logger);
    const candidate = createListener(transport, app, logger);
    await candidate.listen(address);
    listener = candidate;
    logger.info({ address: formatAddress(address), transport }, 'worker ready');
    send({ type: 'ready' });
  } catch (error) {
    const message = (error as Error).message;
    if (logger) logger.fatal({ err: error }, `worker failed to start: ${message}`);
    else console.error(`folio worker: ${message}`);
    send({ type: 'failed', message }, () => process.exit(1));
  }
}

function answer(message: SupervisorMessage): void {
  const tally = metrics?.tally ?? emptyTally;
  if (message.type === 'drain') void drainAndExit(message.timeoutMs);
  else if (message.type === 'report') {
    if (!listener) return;
    const { clientErrors, serverErrors, latency } = tally.cumulative();
    send({
      type: 'stats',
      requestsServed: listener.requestsServed,
      activeRequests: listener.activeRequests,
      rssBytes: process.memoryUsage.rss(),
      clientErrors,
      serverErrors,
      latency,
    });
  } else if (message.type === 'take-tally') send({ type: 'tally', id: message.id, tally: tally.drain() });
  else if (message.type === 'collect-metrics')
    void (metrics?.registry.getMetricsAsJSON() ?? Promise.resolve([])).then((json) =>
      send({ type: 'metrics', id: message.id, metrics: json }),
    );
  else poolMetrics.answer(message.id, message.text);
}

async function askForPoolMetrics(): Promise<string> {
  const text = await poolMetrics.ask((id) => send({ type: 'pool-metrics', id }), POOL_METRICS_MS);
  if (typeof text !== 'string') throw new Error('the supervisor did not answer with the pool metrics');
  return text;
}

async function drainAndExit(timeoutMs: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  if (!listener) process.exit(0); // nothing accepted yet
  logger?.info({ timeoutMs }, 'draining');
  const outcome = await listener.drain(timeoutMs);
  logger?.info({ outcome }, 'drained; exiting');
  await disconnectDatabase().catch(() => {});
  process.exit(0);
}

function parseWorkerArgv(argv: string[]): { address: ReturnType<typeof parseAddress>; transport: Transport } {
  const { values } = parseArgs({
    args: argv,
    options: { listen: { type: 'string' }, transport: { type: 'string' } },
    strict: true,
  });
  if (!values.listen) throw new Error('missing --listen');
  if (values.transport !== 'http' && values.transport !== 'fastcgi')
    throw new Error(`--transport: expected http or fastcgi, got "${values.transport}"`);
  return { address: parseAddress(values.listen), transport: values.transport };
}

function send(message: WorkerMessage, then?: () => void): void {
  if (process.send && process.connected) process.send(message, undefined, {}, () => then?.());
  else then?.();
}
