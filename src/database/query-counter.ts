import { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Counts the SQL statements the app sends, so tests and benchmarks can prove that a request's
 * statement count depends on its shape, not on how many rows it returns. Logs nothing itself.
 */
export class QueryCounter implements TypeOrmLogger {
  private count = 0;

  /** Statements sent since the process started. */
  get total(): number {
    return this.count;
  }

  logQuery(): void {
    this.count++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
