/**
 * When the last backup was made, for the backup-age alert: `npm run folio --
 * db:backup` records it in MonitorFact once a backup of the database has
 * succeeded. No record, no alert: a blog that never made a backup has not
 * configured any, and the rule stays quiet until it does.
 */
import { db } from '#app/models/db.ts';

const factName = 'lastBackupAt';

export async function recordBackup(at: Date): Promise<void> {
  const value = at.toISOString();
  await db.monitorFact.upsert({ where: { name: factName }, create: { name: factName, value }, update: { value } });
}

export async function lastBackupAt(): Promise<Date | undefined> {
  const fact = await db.monitorFact.findUnique({ where: { name: factName } });
  const at = fact ? new Date(fact.value) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}
