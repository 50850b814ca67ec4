import { QueryRunner } from 'typeorm';

type ColumnType = 'uuid' | 'text' | 'date' | 'int4' | 'bool' | 'timestamptz';

/**
 * Rows of one table, buffered column by column and written as
 * `INSERT … SELECT … FROM unnest($1::uuid[], $2::text[], …)`: thousands of rows per statement.
 * `derived` columns are SQL expressions over the buffered ones (e.g. updated_at = created_at).
 */
export class BulkTable {
  private columns: unknown[][];
  private buffered = 0;

  constructor(
    readonly table: string,
    private readonly spec: readonly (readonly [name: string, type: ColumnType])[],
    private readonly derived: Readonly<Record<string, string>> = {},
  ) {
    this.columns = spec.map(() => []);
  }

  /** One row, its values in the order of the spec. */
  add(...values: unknown[]): void {
    for (let c = 0; c < values.length; c++) this.columns[c].push(values[c]);
    this.buffered++;
  }

  get pending(): number {
    return this.buffered;
  }

  /**
   * The INSERT for the buffered rows, its parameters numbered from `firstParameter`, and the
   * parameters; empties the buffer.
   */
  take(firstParameter: number): { sql: string; parameters: unknown[][] } {
    const names = this.spec.map(([name]) => name);
    const derivedNames = Object.keys(this.derived);
    const arrays = this.spec.map(([, type], i) => `$${firstParameter + i}::${type}[]`);
    const sql =
      `INSERT INTO ${this.table} (${[...names, ...derivedNames].join(', ')}) ` +
      `SELECT ${[...names, ...derivedNames.map((name) => this.derived[name])].join(', ')} ` +
      `FROM unnest(${arrays.join(', ')}) AS t(${names.join(', ')})`;
    const parameters = this.columns;
    this.columns = this.spec.map(() => []);
    this.buffered = 0;
    return { sql, parameters };
  }
}

/**
 * Sends buffered rows in batches on one connection. Each batch is one statement whatever the number
 * of tables (the INSERTs of all but the last as data-modifying CTEs: foreign keys are checked at the
 * end of the statement, when every row is there). One batch is in flight while the next is being
 * generated, so the database and the generator work at the same time.
 */
export class BulkWriter {
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runner: QueryRunner,
    private readonly tables: readonly BulkTable[],
    private readonly batchRows = 10_000,
  ) {}

  /** True once one of the tables holds a full batch: time to flush. */
  get full(): boolean {
    return this.tables.some((table) => table.pending >= this.batchRows);
  }

  /** Waits for the batch in flight, then sends everything buffered. */
  async flush(): Promise<void> {
    await this.inFlight;
    const inserts: string[] = [];
    const parameters: unknown[][] = [];
    for (const table of this.tables) {
      if (table.pending === 0) continue;
      const insert = table.take(parameters.length + 1);
      inserts.push(insert.sql);
      parameters.push(...insert.parameters);
    }
    if (inserts.length === 0) return;
    const last = inserts.pop()!;
    const sql = inserts.length
      ? `WITH ${inserts.map((sql, i) => `w${i} AS (${sql})`).join(', ')} ${last}`
      : last;
    const sent = this.runner.query(sql, parameters);
    // Awaited on the next flush; until then a failure must not count as an unhandled rejection.
    sent.catch(() => undefined);
    this.inFlight = sent;
  }

  /** Sends the rest and waits until all of it is written. */
  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }
}
