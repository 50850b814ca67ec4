/**
 * The import command, for administrators with shell access to the server:
 *
 *   npm run import -- people.csv --dry-run
 *   npm run import -- structure.xlsx --kind units --sheet "الهيئات" --as admin@party.ma
 *
 * `src/import.ts` builds the app on the configured database (DATABASE_URL, or the embedded one in
 * DATA_DIR while no server holds it) and this runs the same import as `POST /import`: the same checks, report, single
 * transaction and audit event. It acts as the account named by `--as` (with that account's grants
 * today), or else as the national system actor (every unit; its audit event names no account).
 */
import { resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService } from '../../accounts/auth.service';
import { Actor } from '../../common/actor';
import { IMPORT_KINDS, ImportKind } from './import-columns';
import { importContext } from './import.queries';
import { IMPORT_MAX_BYTES, ImportReport, ImportService } from './import.service';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

interface Arguments {
  file: string;
  kind: ImportKind;
  dryRun: boolean;
  sheet?: string;
  encoding?: string;
  as?: string;
  json: boolean;
}

export const USAGE =
  'usage: npm run import -- <file.csv|file.xlsx> [--kind units|people|mandates|meetings] [--dry-run] ' +
  '[--sheet NAME] [--encoding windows-1256] [--as EMAIL] [--json]';

/** The national system actor: every unit, no account (for administrators with shell access). */
export const SYSTEM_ACTOR: Actor = {
  accountId: null,
  sessionId: null,
  tokenId: null,
  personId: null,
  readOnly: false,
  grants: [
    { unitId: null, path: null, level: 'ADMIN', seesContacts: true, source: 'BINDING', mandateId: null },
  ],
};

export function parseArguments(argv: readonly string[]): Arguments | string {
  const args = [...argv];
  let file: string | undefined;
  const options: Partial<Arguments> = { dryRun: false, json: false };
  while (args.length) {
    const arg = args.shift()!;
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--json') options.json = true;
    else if (['--kind', '--sheet', '--encoding', '--as'].includes(arg)) {
      const value = args.shift();
      if (value === undefined) return `${arg} needs a value`;
      (options as Record<string, string>)[arg.slice(2)] = value;
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else if (file === undefined) file = arg;
    else return `one file at a time (${file}, ${arg})`;
  }
  if (!file) return 'which file?';
  // The kind is said, or the file's name says it (people.csv, units-2024.xlsx).
  const kind = (options.kind ?? IMPORT_KINDS.find((k) => file.toLowerCase().includes(k))) as
    ImportKind | undefined;
  if (!kind || !IMPORT_KINDS.includes(kind)) return `say --kind (${IMPORT_KINDS.join(', ')})`;
  return { ...options, file, kind } as Arguments;
}

/** Runs the command in a built app; answers the exit code (0 done, 1 refused or failed, 2 usage). */
export async function runImportCommand(
  app: INestApplicationContext,
  argv: readonly string[],
  io: CommandOutput,
  cwd = process.env.INIT_CWD ?? process.cwd(),
): Promise<number> {
  const args = parseArguments(argv);
  if (typeof args === 'string') {
    io.err(`${args}\n${USAGE}`);
    return 2;
  }
  let actor = SYSTEM_ACTOR;
  if (args.as) {
    const named = await app.get(AuthService).actorOfAccount(args.as);
    if (!named) {
      io.err(`No enabled account ${args.as}.`);
      return 1;
    }
    actor = named;
  }
  const path = resolve(cwd, args.file);
  const bytes = await readFile(path);
  if (bytes.length > IMPORT_MAX_BYTES) {
    io.err(`${args.file} is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB (FILE_TOO_LARGE).`);
    return 1;
  }
  const ctx = importContext(app.get(DataSource), `cli-${Date.now()}`, actor, 'command line');
  const report = await app.get(ImportService).run(ctx, {
    kind: args.kind,
    bytes,
    dryRun: args.dryRun,
    sheet: args.sheet,
    encoding: args.encoding,
    fileName: args.file,
  });
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else describe(report, io);
  return report.errors > 0 ? 1 : 0;
}

function describe(report: ImportReport, io: CommandOutput): void {
  const file = [
    report.file.format,
    report.file.encoding,
    report.file.delimiter && JSON.stringify(report.file.delimiter),
  ];
  io.out(`${report.kind}: ${report.file.rows} rows (${file.filter(Boolean).join(', ')})`);
  for (const [what, c] of Object.entries(report.counts)) {
    io.out(`  ${what}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`);
  }
  for (const p of report.problems) {
    const where = [p.row !== null ? `row ${p.row}` : 'file', p.column].filter(Boolean).join(', ');
    io.out(`  ${p.severity} ${p.code} (${where}): ${p.message.fr} / ${p.message.ar}`);
  }
  if (report.problemsLeftOut) io.out(`  … and ${report.problemsLeftOut} more problems (not listed).`);
  io.out(
    report.dryRun
      ? 'Dry run: nothing was written.'
      : report.committed
        ? `Imported (import ${report.importId}).`
        : report.errors
          ? 'Refused: nothing was written; fix the rows above.'
          : 'Nothing to change.',
  );
}
