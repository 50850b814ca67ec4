import { DataSource } from 'typeorm';
import { QueryCounter } from '../../src/database/query-counter';
import { GqlClient, TestApp } from './test-app';

/** The SQL statements the app sent while `work` ran, with what `work` returned. */
export async function countStatements<T>(
  t: TestApp,
  work: () => Promise<T>,
): Promise<{ statements: number; result: T }> {
  const counter = t.app.get(QueryCounter);
  const before = counter.total;
  const result = await work();
  return { statements: counter.total - before, result };
}

/** The statements a GraphQL document takes (it must succeed), with its data. */
export async function statementsOf<T = Record<string, any>>(
  t: TestApp,
  query: string,
  variables?: Record<string, unknown>,
  client: GqlClient = t,
): Promise<{ statements: number; data: T }> {
  const { statements, result } = await countStatements(t, () => client.ok<T>(query, variables));
  return { statements, data: result };
}

/** The SQL statements the app sent while `work` ran, each with its parameters, and what `work` returned. */
export async function recordStatements<T>(
  t: TestApp,
  work: () => Promise<T>,
): Promise<{ statements: [query: string, parameters: unknown[]][]; result: T }> {
  const counter = t.app.get(QueryCounter);
  const statements: [string, unknown[]][] = [];
  const logQuery = counter.logQuery.bind(counter);
  counter.logQuery = (query?: string, parameters?: unknown[]) => {
    // The row reader hands node-postgres a query config (`select` in src/database/rows.ts): its text.
    const text = typeof query === 'string' ? query : (query as { text?: string } | undefined)?.text;
    if (text) statements.push([text, parameters ?? []]);
    logQuery();
  };
  try {
    return { statements, result: await work() };
  } finally {
    counter.logQuery = logQuery;
  }
}

/**
 * The plan of one statement the app sent (`statement`, from `recordStatements`), explained inside a
 * transaction after the `SET` statements the app sent with it (a search sets its own), then rolled back.
 */
export async function planAsSent(
  t: TestApp,
  statements: [query: string, parameters: unknown[]][],
  statement: [query: string, parameters: unknown[]],
): Promise<string> {
  const runner = t.app.get(DataSource).createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    for (const [query] of statements.filter(([query]) => /^\s*SET /i.test(query))) await runner.query(query);
    const rows = (await runner.query(`EXPLAIN ${statement[0]}`, statement[1])) as Record<string, string>[];
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
