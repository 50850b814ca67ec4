import { Client } from 'pg';

/**
 * A fresh database on the test server (TEST_DATABASE_URL, default the local one), with an admin
 * connection to that server; `drop` removes the database and closes the connection.
 */
export async function scratchDatabase(
  prefix: string,
): Promise<{ name: string; url: string; admin: Client; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `${prefix}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    admin,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The meetings whose French title starts with `prefix`, with their participant and agenda counts, read in SQL. */
export async function storedMeetings(
  databaseUrl: string,
  prefix: string,
): Promise<{ title_fr: string; participants: number; agenda: number }[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT m.title_fr, (SELECT count(*) FROM participation p WHERE p.meeting_id = m.id)::int AS participants,
              (SELECT count(*) FROM agenda_item a WHERE a.meeting_id = m.id)::int AS agenda
         FROM meeting m WHERE m.title_fr LIKE $1`,
      [`${prefix}%`],
    );
    return rows;
  } finally {
    await client.end();
  }
}
