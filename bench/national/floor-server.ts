import Fastify from 'fastify';
import mercurius from 'mercurius';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './settings';

/**
 * The floor under a GraphQL answer: Fastify and Mercurius with graphql-jit, as Tanzim runs them, on
 * Tanzim's own schema, answering `orgUnit` from an answer held in memory (`ANSWER_FILE`, the `data` of
 * one of Tanzim's answers). No database, no authentication, no hooks: what is left is executing the
 * document over plain objects, serializing the answer and writing it to the socket, which any
 * GraphQL server on this stack pays for an answer of that shape.
 * Run: ANSWER_FILE=… PORT=… node dist/bench/national/floor-server.js
 */
const { ANSWER_FILE, PORT = '4200', HOST = '127.0.0.1' } = process.env;
if (!ANSWER_FILE) throw new Error('Set ANSWER_FILE.');
const answer = JSON.parse(readFileSync(ANSWER_FILE, 'utf8')) as { orgUnit: unknown };

const app = Fastify();
void app.register(mercurius, {
  schema: readFileSync(join(ROOT, 'schema.gql'), 'utf8'),
  resolvers: { Query: { orgUnit: () => answer.orgUnit } },
  jit: 1,
});
app.get('/health', (_request, reply) => reply.send({ ok: true }));
void app.listen({ port: Number(PORT), host: HOST });
