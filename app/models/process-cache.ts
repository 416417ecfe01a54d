/**
 * A value read on every request but rarely changed (settings, navigation),
 * kept in this process for a short while. Other worker processes may change
 * it, so it is reloaded after `maxAgeMs`; writes from this process replace
 * it at once. While the database is unavailable the last value is kept, so
 * the pages that can still be served (the 503 page itself) keep the theme.
 */
import { isDatabaseUnavailable } from '#app/database/errors.ts';

export interface ProcessCache<T> {
  get(): Promise<T>;
  set(value: T): T;
  forget(): void;
}

export function cachedFor<T>(maxAgeMs: number, load: () => Promise<T>): ProcessCache<T> {
  let entry: { value: T; at: number } | undefined;
  let loading: Promise<T> | undefined;
  const cache: ProcessCache<T> = {
    async get() {
      if (entry && Date.now() - entry.at < maxAgeMs) return entry.value;
      loading ??= load()
        .then(
          (value) => cache.set(value),
          (error: unknown) => {
            if (!entry || !isDatabaseUnavailable(error)) throw error;
            return cache.set(entry.value);
          },
        )
        .finally(() => (loading = undefined));
      return loading;
    },
    set(value) {
      entry = { value, at: Date.now() };
      return value;
    },
    forget() {
      entry = undefined;
    },
  };
  return cache;
}
