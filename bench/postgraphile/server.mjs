/**
 * PostGraphile v5 (amber preset) on the Tanzim database, for the side-by-side benchmark: the schema
 * it derives from the tables, served by plain node:http through grafserv, without authentication.
 * The connection filter plugin is added because the benchmark's queries filter on ranges (a mandate
 * running on a day, meetings of the last 90 days) and on related rows (meetings a unit took part in),
 * which the amber preset's equality `condition` cannot express. The aggregates preset adds
 * `aggregates` and `groupedAggregates` to connections, for the grouped counts of Q7 (a dashboard).
 * Run (Node 22 or later): DATABASE_URL=postgres://… PORT=… node server.mjs
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PgAggregatesPreset } from '@graphile/pg-aggregates';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const { DATABASE_URL, PORT = '5678', HOST = '127.0.0.1', DB_POOL_SIZE = '10' } = process.env;
if (!DATABASE_URL) throw new Error('Set DATABASE_URL.');

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
  pgServices: [
    makePgService({
      connectionString: DATABASE_URL,
      schemas: ['public'],
      // The same pool size as Tanzim's default (DB_POOL_SIZE) and the baseline's.
      poolConfig: { max: Number(DB_POOL_SIZE) },
    }),
  ],
  // Every column may be ordered and filtered on, not only indexed ones (Tanzim orders meetings by
  // starts_at and filters participations on attendance), with nulls last as Tanzim orders them.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  schema: { connectionFilterRelations: true, pgOrderByNullsLast: true },
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
});

const server = createServer();
await pgl.createServ(grafserv).addTo(server);
server.listen(Number(PORT), HOST, () =>
  console.log(`PostGraphile listening on http://${HOST}:${PORT}/graphql`),
);

const stop = () => server.close(() => void pgl.release().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
