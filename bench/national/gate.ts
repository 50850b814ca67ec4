import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { dataOf, post, send, Subject } from './processes';
import { answering, Call, READ_QUERIES, ReadQuery, recordMeetingCall, Targets } from './queries';

/** The correctness gate: every implementation's answer carries the same data before anything is timed. */
/** Where two JSON values first differ, for a loud and useful failure. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
      return `${path}: ${a.length} items vs ${b.length}`;
    }
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 300)} vs ${JSON.stringify(b)?.slice(0, 300)}`;
}

/**
 * One question asked of one implementation: its calls (Q4: page 1, then page 2; a question with
 * variants: each body; a deep page: only that page, its cursor found by walking the pages before it
 * through the same API), the answer in the common shape, the mean size of a page.
 */
export interface Asked {
  calls: Call[];
  answer: unknown;
  bytes: number;
}
export async function ask(subject: Subject, query: ReadQuery, targets: Targets): Promise<Asked> {
  const calls: Call[] = [];
  const pages: unknown[] = [];
  let bytes = 0;
  for (let variant = 0; variant < (query.variants ?? 1); variant++) {
    let after: string | undefined;
    const first = query.startPage?.(targets) ?? 1;
    for (let walked = 1; walked < first; walked++) {
      const call = query.call(subject.implementation, targets, after, variant);
      const data = dataOf(
        subject,
        `${query.name} (page ${walked})`,
        await post(subject.server.base, call, subject.headers),
      );
      after = query.nextCursor!(subject.implementation, data, walked - 1);
    }
    const asked = query.startPage ? 1 : query.nextCursor ? 2 : 1;
    for (let page = 0; page < asked; page++) {
      const call = query.call(subject.implementation, targets, after, variant);
      const { answer, bytes: size } = await send(subject.server.base, call, subject.headers);
      bytes += size;
      const data = dataOf(subject, query.name, answer);
      calls.push(call);
      pages.push(query.normalize(subject.implementation, data));
      after = query.nextCursor?.(subject.implementation, data, first - 1 + page);
    }
  }
  return { calls, answer: pages.length === 1 ? pages[0] : pages, bytes: Math.round(bytes / pages.length) };
}

/** Whether a subject's answer is compared with the baseline's: a scoped question's, only the scoped caller's. */
export const compared = (query: ReadQuery, subject: Subject) =>
  subject.implementation !== 'tanzim' || Boolean(query.scoped) === Boolean(subject.scoped);

/** Every implementation must answer every read question with the same data as the baseline. */
export async function gate(
  subjects: Subject[],
  targets: Targets,
  queries: ReadQuery[] = READ_QUERIES,
  asks: (query: ReadQuery, subject: Subject) => boolean = () => true,
): Promise<Map<string, Asked>> {
  const asked = new Map<string, Asked>();
  for (const query of queries) {
    let expected: Asked | undefined;
    const notes: string[] = [];
    const askedBy = answering(query, subjects).filter((subject) => asks(query, subject));
    for (const subject of askedBy) {
      const got = await ask(subject, query, targets);
      asked.set(`${query.name}:${subject.key}`, got);
      expected ??= got;
      if (!compared(query, subject)) {
        const same = !firstDifference(expected.answer, got.answer);
        notes.push(
          ` (${subject.key}, another caller's scope: ${same ? 'the same answer' : 'a different answer'})`,
        );
        continue;
      }
      const partial = query.partial?.[subject.implementation];
      const difference = firstDifference(
        partial ? partial.parts(expected.answer) : expected.answer,
        got.answer,
      );
      if (difference) {
        throw new Error(
          `Correctness gate: ${subject.label} answers ${query.name} differently from ${subjects[0].label}, at ${difference}`,
        );
      }
    }
    const partly = Object.entries(query.partial ?? {}).map(([name, p]) => ` (${name}: ${p.label})`);
    console.log(
      `  gate ${query.name}: ${askedBy.length - notes.length} implementations agree${partly.join('')}${notes.join('')}`,
    );
  }
  return asked;
}

/** One recorded meeting per implementation, checked in the database: the meeting, 10 participants, the audit row. */
export async function gateWrites(subjects: Subject[], targets: Targets, db: Client): Promise<void> {
  for (const subject of subjects) {
    const call = recordMeetingCall(subject.implementation, targets);
    dataOf(subject, 'Q5', await post(subject.server.base, call, subject.headers));
    const { rows } = await db.query<{ participants: string; audited: string }>(
      `SELECT (SELECT count(*) FROM participation p WHERE p.meeting_id = m.id) AS participants,
              (SELECT count(*) FROM audit_event a WHERE a.entity_id = m.id) AS audited
         FROM meeting m WHERE m.title_fr = $1`,
      [call.titleFr],
    );
    if (rows.length !== 1 || rows[0].participants !== '10' || rows[0].audited !== '1') {
      throw new Error(
        `${subject.label}: Q5 did not write one meeting, 10 participants and one audit row: ${JSON.stringify(rows)}`,
      );
    }
  }
  console.log(
    `  gate Q5: ${subjects.length} implementations write the meeting, 10 participants and the audit row`,
  );
}
