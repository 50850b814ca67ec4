import Fastify from 'fastify';
import mercurius from 'mercurius';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool, types } from 'pg';
import { PARTICIPANT_ROLES } from '../../src/meetings/meeting.entity';
import { PAGE_SIZE, sqlOrderMeetings } from './queries';
import { ROOT } from './settings';

/**
 * The floor under a GraphQL answer: Fastify and Mercurius with graphql-jit, as Tanzim runs them, on
 * Tanzim's own schema, answering bench Q4's `orgUnit` with no authentication, no hooks and no models.
 * - From memory (`ANSWER_FILE`, the `data` of one of Tanzim's answers): what is left is executing the
 *   document over plain objects, serializing the answer and writing it, which any GraphQL server on
 *   this stack pays for an answer of that shape.
 * - With `DATABASE_URL` too, the answer's rows are read from PostgreSQL as a GraphQL server that reads
 *   rows must: the page of meetings with its count, then their participants with their people, two
 *   prepared statements whose rows go straight into the answer's objects (only the end cursor, Tanzim's
 *   own format, comes from memory). That adds what reading the rows costs, and nothing of Tanzim's.
 * Run: ANSWER_FILE=… [DATABASE_URL=…] PORT=… node dist/bench/national/floor-server.js
 */
const { ANSWER_FILE, DATABASE_URL, PORT = '4200', HOST = '127.0.0.1' } = process.env;
if (!ANSWER_FILE) throw new Error('Set ANSWER_FILE.');
const answer = JSON.parse(readFileSync(ANSWER_FILE, 'utf8')) as {
  orgUnit: { meetings: { pageInfo: { endCursor: string } } };
};

// Calendar days as the strings the answer holds, as Tanzim reads them.
types.setTypeParser(types.builtins.DATE, (value) => value);

/** The unit's meetings (convened or taken part in), newest first as Tanzim orders them, and how many. */
const PAGE_SQL = `WITH u AS (SELECT id FROM org_unit WHERE code = $1),
  ids AS (SELECT mc.id, mc.held_on, mc.starts_at FROM meeting mc WHERE mc.convening_unit_id = (SELECT id FROM u)
          UNION SELECT mu.meeting_id, mu.held_on, mu.starts_at FROM meeting_unit mu WHERE mu.org_unit_id = (SELECT id FROM u))
  SELECT m.id, m.held_on, m.kind, m.title_fr, (SELECT count(*) FROM ids)::int
    FROM (SELECT * FROM ids k ORDER BY ${sqlOrderMeetings('k')} LIMIT ${PAGE_SIZE}) k JOIN meeting m ON m.id = k.id
   ORDER BY ${sqlOrderMeetings('k')}`;

/** Their participants in Tanzim's order, each with its person looked up by key. */
const PARTICIPANTS_SQL = `SELECT pa.meeting_id, pa.id, pa.role, pa.attendance, pe.id, pe.full_name_ar, pe.full_name_latin
    FROM participation pa LEFT JOIN LATERAL (SELECT * FROM person p WHERE p.id = pa.person_id OFFSET 0) pe ON TRUE
   WHERE pa.meeting_id = ANY($1::uuid[])
   ORDER BY pa.created_at, array_position($2::text[], pa.role), pa.id`;

type Row = (string | number | null)[];

async function fromDatabase(pool: Pool, code: string) {
  const page = await pool.query<Row>({
    name: 'floor-page',
    text: PAGE_SQL,
    values: [code],
    rowMode: 'array',
  });
  const participants = new Map<unknown, object[]>(page.rows.map((row) => [row[0], []]));
  const { rows } = await pool.query<Row>({
    name: 'floor-participants',
    text: PARTICIPANTS_SQL,
    values: [[...participants.keys()], PARTICIPANT_ROLES],
    rowMode: 'array',
  });
  for (const [meetingId, id, role, attendance, personId, fullNameAr, fullNameLatin] of rows) {
    const person = personId === null ? null : { id: personId, fullNameAr, fullNameLatin };
    participants.get(meetingId)!.push({ id, role, attendance, person });
  }
  const totalCount = (page.rows[0]?.[4] as number | undefined) ?? 0;
  return {
    meetings: {
      totalCount,
      pageInfo: {
        hasNextPage: totalCount > PAGE_SIZE,
        endCursor: answer.orgUnit.meetings.pageInfo.endCursor,
      },
      edges: page.rows.map(([id, date, kind, titleFr]) => ({
        node: { id, date, kind, titleFr, participants: participants.get(id) },
      })),
    },
  };
}

const pool = DATABASE_URL ? new Pool({ connectionString: DATABASE_URL, max: 10 }) : undefined;
const app = Fastify();
void app.register(mercurius, {
  schema: readFileSync(join(ROOT, 'schema.gql'), 'utf8'),
  resolvers: {
    Query: {
      orgUnit: (_root: unknown, args: { code: string }) =>
        pool ? fromDatabase(pool, args.code) : answer.orgUnit,
    },
  },
  jit: 1,
});
app.get('/health', (_request, reply) => reply.send({ ok: true }));
void app.listen({ port: Number(PORT), host: HOST });
