import { parentPort, workerData } from 'node:worker_threads';
import { startPgliteServer } from './pglite-server';

/**
 * PGlite is synchronous WebAssembly: on the main thread every query would block the event loop that
 * serves HTTP. This worker owns the database; the main thread talks to it over a Unix socket in a private directory (see pglite-server).
 */
const { dataDir, maxConnections } = workerData as { dataDir: string; maxConnections: number };

startPgliteServer(dataDir, maxConnections).then(
  (pglite) => {
    parentPort!.on('message', (message: unknown) => {
      if (message !== 'stop') return;
      pglite.stop().then(
        () => parentPort!.postMessage({ stopped: true }),
        (error: unknown) => parentPort!.postMessage({ stopped: true, error: String(error) }),
      );
    });
    parentPort!.postMessage({ url: pglite.url, socketDir: pglite.socketDir });
  },
  (error: unknown) =>
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
