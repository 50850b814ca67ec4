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
import { jsonPgSmartTags } from 'postgraphile/utils';

const { DATABASE_URL, PORT = '5678', HOST = '127.0.0.1', DB_POOL_SIZE = '10' } = process.env;
if (!DATABASE_URL) throw new Error('Set DATABASE_URL.');

/**
 * Q7's part, a region's dashboard as grouped counts, filters and groups on columns with no index of
 * their own (a unit's level and dates, a meeting's status, an attendance, an outcome's status and
 * dates): each is opted in by the `@isIndexed` smart tag, the index restriction's documented escape
 * for a column one means to filter on, rather than by turning the restriction off for every column.
 */
const opted = { tags: { isIndexed: true } };
const Q7_COLUMNS = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      org_unit: { attribute: { level: opted, founded_on: opted, dissolved_on: opted } },
      meeting: { attribute: { status: opted } },
      participation: { attribute: { attendance: opted } },
      outcome: { attribute: { status: opted, closed_on: opted, due_on: opted } },
    },
  },
});

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
  plugins: [Q7_COLUMNS],
  pgServices: [
    makePgService({
      connectionString: DATABASE_URL,
      schemas: ['public'],
      // The same pool size as Tanzim's default (DB_POOL_SIZE) and the baseline's.
      poolConfig: { max: Number(DB_POOL_SIZE) },
    }),
  ],
  // The index restriction (PgIndexBehaviorsPlugin) stays on, as PostGraphile recommends: only
  // indexed columns may be ordered and filtered on. The questions that need more are STABLE SQL
  // functions (setup.sql), exposed as computed columns and root fields. Nulls last, as Tanzim orders.
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
