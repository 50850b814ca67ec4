import { createServer, IncomingMessage } from 'node:http';
import { Pool } from 'pg';
import { BASELINE_SQL, QueryName } from './queries';

/**
 * The benchmark's baseline: plain node:http and pg, one hand-written SQL statement per request that
 * builds the whole JSON answer in PostgreSQL, sent back as is. No GraphQL, no authentication, no
 * validation beyond the statement's parameters: the floor the other implementations are measured on.
 * Run: DATABASE_URL=postgres://… PORT=… node dist/bench/national/baseline-server.js
 * POST /q1 … /q6 with a JSON object of the statement's parameters; GET /health.
 */
const { DATABASE_URL, PORT = '4000', HOST = '127.0.0.1', DB_POOL_SIZE = '10' } = process.env;
if (!DATABASE_URL) throw new Error('Set DATABASE_URL.');

const pool = new Pool({ connectionString: DATABASE_URL, max: Number(DB_POOL_SIZE) });
const routes = new Map(
  Object.entries(BASELINE_SQL).map(([name, statement]) => [`/${name.toLowerCase()}`, { name, ...statement }]),
);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString()));
    request.on('error', reject);
  });
}

const server = createServer((request, response) => {
  const reply = (status: number, json: string) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(json);
  };
  if (request.url === '/health') return reply(200, '{"ok":true}');
  const route = request.method === 'POST' ? routes.get(request.url ?? '') : undefined;
  if (!route) return reply(404, '{"error":"not found"}');
  readBody(request)
    .then(async (body) => {
      const params = JSON.parse(body) as Record<string, unknown>;
      // A named statement is parsed and planned once per connection, as a hand-tuned service would.
      const result = await pool.query<{ json: string | null }>({
        name: route.name as QueryName,
        text: route.sql,
        values: route.params.map((param) => params[param]),
      });
      reply(200, result.rows[0]?.json ?? 'null');
    })
    .catch((error: unknown) => reply(500, JSON.stringify({ error: String(error) })));
});

server.listen(Number(PORT), HOST, () => console.log(`Baseline listening on http://${HOST}:${PORT}`));

const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
