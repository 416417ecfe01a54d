/**
 * A running job's progress, as a small JSON file in the job's folder that
 * the job process rewrites (atomically) a few times a second and any worker
 * reads. A file, not the ImportJob row: on SQLite the import's one
 * transaction holds the only write lock until it commits, so a progress
 * UPDATE would wait for the very end. The file also says which process
 * writes it, so a reader can tell a dead job from a slow one.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { ReadProgress } from '#app/importers/source.ts';
import { importProgressIntervalMs } from '#config/imports.ts';

const progressSchema = z.object({
  pid: z.number(),
  host: z.string(),
  done: z.number(),
  total: z.number(),
  unit: z.enum(['bytes', 'files']),
  items: z.number(),
  /** When the process last wrote (ms since the epoch): it writes at least every few seconds while alive. */
  at: z.number(),
});
export type JobProgress = z.infer<typeof progressSchema>;

export function progressFile(jobDir: string): string {
  return path.join(jobDir, 'progress.json');
}

export function readProgress(jobDir: string): JobProgress | null {
  try {
    return progressSchema.parse(JSON.parse(readFileSync(progressFile(jobDir), 'utf8')));
  } catch {
    return null; // not written yet, or removed with its job
  }
}

export function writeProgress(jobDir: string, progress: JobProgress): void {
  const file = progressFile(jobDir);
  const partial = `${file}.${process.pid}.partial`;
  mkdirSync(jobDir, { recursive: true });
  writeFileSync(partial, JSON.stringify(progress));
  renameSync(partial, file);
}

/** A fresh progress for process `pid`: nothing read yet. */
export function startingProgress(pid: number, now = Date.now()): JobProgress {
  return { pid, host: hostname(), done: 0, total: 0, unit: 'bytes', items: 0, at: now };
}

/**
 * Whether the process that writes this progress is gone: it runs on this
 * host and no such process exists, or it has written nothing for `silenceMs`
 * (a process on another host, or a stuck one).
 */
export function progressIsDead(progress: JobProgress, silenceMs: number, now = Date.now()): boolean {
  if (now - progress.at > silenceMs) return true;
  if (progress.host !== hostname()) return false;
  try {
    process.kill(progress.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The job process's writer: `update` takes every report of the source and
 * writes at most every `importProgressIntervalMs`; a heartbeat writes every
 * few seconds even when the source is quiet (a long commit), so the job is
 * not taken for dead.
 */
export function progressWriter(jobDir: string): {
  update(progress: ReadProgress & { items: number }): void;
  /** Writes the last numbers and stops the heartbeat; returns the last numbers, for the row. */
  stop(): JobProgress;
} {
  let current = startingProgress(process.pid);
  let lastWrite = 0;
  const write = () => {
    lastWrite = Date.now();
    current = { ...current, at: lastWrite };
    writeProgress(jobDir, current);
  };
  write();
  const heartbeat = setInterval(write, 5_000);
  heartbeat.unref();
  return {
    update(progress) {
      current = { ...current, done: progress.done, total: progress.total, unit: progress.unit, items: progress.items };
      if (Date.now() - lastWrite >= importProgressIntervalMs) write();
    },
    stop() {
      clearInterval(heartbeat);
      write();
      return current;
    },
  };
}
