import type { EntityManager } from 'typeorm';

// One writer at a time per process: SQLite has a single connection (interleaved transactions would nest),
// and on MySQL the row locks below make it safe across processes too.
let tail: Promise<unknown> = Promise.resolve();

/** Runs `fn` in a transaction, after every earlier write of this process has finished. */
export function serialTransaction<T>(em: EntityManager, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  const run = tail.then(() => em.transaction(fn));
  tail = run.catch(() => undefined);
  return run;
}

export { lockingRead } from '../../shared/audit-store';
