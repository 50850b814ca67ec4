import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RunningPglite } from './pglite-server';

type WorkerMessage = { url?: string; socketDir?: string; error?: string; stopped?: boolean };

/**
 * The embedded database of `npm start`: PGlite persisted in `dataDir`, in a worker thread.
 * `stop()` shuts Postgres down cleanly (a checkpoint, no stale lock) before the worker exits.
 */
export function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<RunningPglite> {
  const worker = new Worker(join(__dirname, 'pglite.worker.js'), { workerData: { dataDir, maxConnections } });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: WorkerMessage) => {
      if (!message.url) {
        reject(new Error(`Embedded Postgres did not start: ${message.error ?? 'unknown error'}`));
        void worker.terminate();
        return;
      }
      resolve({ url: message.url, socketDir: message.socketDir!, stop: () => stopWorker(worker) });
    });
  });
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    worker.once('message', () => {
      void worker.terminate().then(() => resolve());
    });
    worker.once('exit', () => resolve());
    worker.postMessage('stop');
  });
}
