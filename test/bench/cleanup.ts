/**
 * Everything the benchmark starts is registered here as it starts, so it is
 * stopped and removed on success, on failure, and on Ctrl-C alike: Folio
 * servers, worker pools (detached daemons), Apache, temp dirs.
 */
import { rmSync } from 'node:fs';

type Teardown = () => Promise<void> | void;

const teardowns = new Map<number, { label: string; run: Teardown }>();
let nextId = 1;
let cleaning: Promise<void> | undefined;
let interruptedBy: NodeJS.Signals | undefined;

/** Registers a teardown; the returned function runs it now and forgets it. */
export function onCleanup(label: string, run: Teardown): () => Promise<void> {
  const id = nextId++;
  teardowns.set(id, { label, run });
  return async () => {
    const entry = teardowns.get(id);
    if (!entry) return;
    teardowns.delete(id);
    await entry.run();
  };
}

/** A temp dir removed at cleanup; the returned function removes it now. */
export function removeLater(dir: string): () => Promise<void> {
  return onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Runs every registered teardown, newest first (servers before the dirs they
 * use), including any registered while it runs (a start that was under way).
 */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    for (let newest = [...teardowns].at(-1); newest; newest = [...teardowns].at(-1)) {
      const [id, { label, run }] = newest;
      teardowns.delete(id);
      try {
        await run();
      } catch (error) {
        console.error(`bench: cleanup "${label}" failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

/** Ctrl-C and kill: clean up, then exit as interrupted (nothing is reported or written). */
export function cleanupOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interruptedBy = signal;
      process.exitCode = 130;
      console.error(`\nbench: ${signal}, stopping what it started…`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

export class Interrupted extends Error {}

/** Throws once a signal arrived, so a failure it caused is not taken for a result. */
export function throwIfInterrupted(): void {
  if (interruptedBy) throw new Interrupted(`interrupted by ${interruptedBy}`);
}
