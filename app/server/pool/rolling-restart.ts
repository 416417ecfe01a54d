/**
 * Rolling restart, one slot at a time: spawn the replacement on the slot's
 * address, wait until it is ready (it is then accepting on the same
 * listening socket), and only then drain the old worker and wait for it to
 * exit. The address is never without a listener, and the pool never runs
 * short of a worker.
 *
 * If a replacement cannot get ready (a broken deploy), the restart stops
 * there: the remaining old workers keep serving, and the record says why.
 */
import type { RestartRecord } from '#app/server/pool/snapshot.ts';
import type { Pool, Slot } from '#app/server/pool/slot.ts';

export async function rollingRestart(pool: Pool, report: (record: RestartRecord) => void): Promise<RestartRecord> {
  const record: RestartRecord = { startedAt: Date.now(), finishedAt: null, ok: null, error: null, replaced: [] };
  pool.logger.info(`rolling restart of ${pool.slots.length} workers`);
  report(record);
  try {
    for (const slot of pool.slots) {
      await replace(pool, slot, record);
      report(record);
    }
    record.ok = true;
  } catch (error) {
    record.ok = false;
    record.error = (error as Error).message;
  }
  record.finishedAt = Date.now();
  if (record.ok) pool.logger.info({ replaced: record.replaced }, 'rolling restart done');
  else pool.logger.error({ replaced: record.replaced }, `rolling restart failed: ${record.error}`);
  report(record);
  return record;
}

async function replace(pool: Pool, slot: Slot, record: RestartRecord): Promise<void> {
  if (pool.phase !== 'running') throw new Error('the pool is stopping');
  const incoming = pool.spawn(slot);
  pool.publish();
  try {
    await incoming.ready;
  } catch (error) {
    throw new Error(
      `the replacement for worker ${slot.name} did not get ready (${(error as Error).message}); the old workers keep serving`,
    );
  }
  const old = slot.current;
  pool.cancelRespawn(slot);
  slot.current = incoming;
  record.replaced.push({ worker: slot.name, oldPid: old.pid ?? null, newPid: incoming.pid ?? null });
  pool.logger.info(`${incoming.label} took over from ${old.label}`);
  await pool.drain(old);
}
