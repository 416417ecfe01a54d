/**
 * Imports are idempotent by source identity: each record's key maps to the
 * Folio row it became (ImportedRecord), with a digest of what was imported.
 * A re-run finds the row: the same digest leaves it alone, another updates it.
 */
import { createHash } from 'node:crypto';
import type { Prisma } from '#app/models/db.ts';
import type { ImportedRecordKind } from '#app/importers/records.ts';
import { count } from '#app/importers/report.ts';
import type { WriterContext } from '#app/importers/writer/context.ts';

export type RecordType =
  'article' | 'page' | 'comment' | 'tag' | 'section' | 'user' | 'asset' | 'redirect' | 'settings';

export interface ImportedRow {
  recordType: string;
  recordId: number;
  digest: string;
}

/** This source's earlier imports, keyed by record key (ids and digests only: small). */
export async function loadImported(tx: Prisma.TransactionClient, source: string): Promise<Map<string, ImportedRow>> {
  const rows = await tx.importedRecord.findMany({
    where: { source },
    select: { sourceKey: true, recordType: true, recordId: true, digest: true },
  });
  return new Map(rows.map((r) => [r.sourceKey, { recordType: r.recordType, recordId: r.recordId, digest: r.digest }]));
}

/** A stable digest of what a record became (dates as ISO strings, via JSON). */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export type WriteAction = 'created' | 'updated' | 'unchanged';

interface Once {
  kind: ImportedRecordKind;
  recordType: RecordType;
  key: string;
  digest: string;
  /** Whether the row a previous import made still exists (an author may have deleted it). */
  exists(id: number): Promise<boolean>;
  /** Creates (no id) or updates the row; `matched` when an existing row of the blog's own was adopted. */
  write(id: number | undefined): Promise<{ id: number; matched?: boolean }>;
}

/** Writes one record unless this source imported it unchanged before; counts what it did. */
export async function writeOnce(context: WriterContext, once: Once): Promise<{ id: number; action: WriteAction }> {
  const previous = context.imported.get(once.key);
  const known = previous?.recordType === once.recordType && (await once.exists(previous.recordId));
  let result: { id: number; action: WriteAction };
  if (known && previous.digest === once.digest) result = { id: previous.recordId, action: 'unchanged' };
  else {
    const written = await once.write(known ? previous.recordId : undefined);
    result = { id: written.id, action: known ? 'updated' : written.matched ? 'unchanged' : 'created' };
    await remember(context, once.key, once.recordType, written.id, once.digest);
  }
  count(context.report, once.kind, result.action);
  return result;
}

export async function remember(
  context: WriterContext,
  key: string,
  recordType: RecordType,
  recordId: number,
  digest: string,
): Promise<void> {
  const data = { recordType, recordId, digest };
  await context.tx.importedRecord.upsert({
    where: { source_sourceKey: { source: context.source, sourceKey: key } },
    create: { source: context.source, sourceKey: key, ...data },
    update: data,
  });
  context.imported.set(key, data);
}
