import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AuthService } from '../../accounts/auth.service';
import { DomainError, domainErrorFromDatabase, ErrorCode } from '../../common/errors';
import { NAME_MAX_LENGTH, textProblem } from '../../common/validation';
import { IMPORT_KINDS, ImportKind } from './import-columns';
import { problem } from './import-problems';
import { importContext } from './import.queries';
import { IMPORT_MAX_BYTES, ImportService } from './import.service';

const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  SERVICE_UNAVAILABLE: 503,
};

const refuse = (
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
) => reply.code(STATUS[code] ?? 400).send({ error: { code, message, ...details } });

const flag = (value: unknown) => value === 'true' || value === '1' || value === '';

/**
 * The import door: `POST /import?kind=people&dryRun=true` with a Bearer token (an access token or an
 * API token that may write) and the file itself as the body (CSV or XLSX, at most 50 MB; any content
 * type). A plain authenticated upload rather than a GraphQL multipart mutation: the file is no
 * GraphQL value, and a credential that only an Authorization header carries cannot be sent by a
 * cross-site form. Answers the import's report: 200 for a dry run or a commit, 422 when rows with
 * errors refused the commit (nothing written), 400 when the file cannot be read (coded problem).
 */
export function registerImportRoutes(app: NestFastifyApplication): void {
  const service = app.get(ImportService);
  const auth = app.get(AuthService);
  const dataSource = app.get(DataSource);
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  void fastify.register((scope: FastifyInstance, _options, done) => {
    // In this scope only: every body is the file's bytes, whatever its content type says.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
      (_request, body, next) => next(null, body),
    );
    scope.setErrorHandler(async (error: { code?: string; statusCode?: number }, _request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const tooLarge = problem('FILE_TOO_LARGE', null, null, { limitMb: IMPORT_MAX_BYTES / 1024 / 1024 });
        return reply
          .code(413)
          .send({ error: { code: 'FILE_TOO_LARGE', message: tooLarge.message.en }, problems: [tooLarge] });
      }
      if ((error.statusCode ?? 500) < 500) {
        return refuse(reply, 'BAD_USER_INPUT', 'The request cannot be read.');
      }
      throw error;
    });
    scope.post(
      '/import',
      { bodyLimit: IMPORT_MAX_BYTES },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const query = request.query as Record<string, string | undefined>;
        const kind = query.kind as ImportKind;
        if (!IMPORT_KINDS.includes(kind)) {
          return refuse(reply, 'BAD_USER_INPUT', `kind must be one of ${IMPORT_KINDS.join(', ')}.`, {
            field: 'kind',
          });
        }
        const fileName = query.fileName;
        if (fileName !== undefined && (fileName.length > NAME_MAX_LENGTH || textProblem(fileName, 'name'))) {
          return refuse(reply, 'BAD_USER_INPUT', 'fileName is not a name that can be kept.', {
            field: 'fileName',
          });
        }
        let resolved: Awaited<ReturnType<AuthService['resolve']>>;
        try {
          resolved = await auth.resolve(request.headers.authorization);
        } catch {
          return refuse(reply, 'SERVICE_UNAVAILABLE', 'The database is unavailable; nothing was written.', {
            retryable: true,
          });
        }
        if (!resolved.actor) {
          return refuse(
            reply,
            'UNAUTHENTICATED',
            resolved.rejected ? 'These credentials are not valid.' : 'Sign in to import a file.',
          );
        }
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const ctx = importContext(dataSource, String(request.id), resolved.actor, request.ip);
        try {
          const report = await service.run(ctx, {
            kind,
            bytes: body,
            dryRun: flag(query.dryRun),
            sheet: query.sheet,
            encoding: query.encoding,
            fileName: fileName ?? null,
          });
          const fileProblem = report.problems.some((p) => p.row === null && p.severity === 'ERROR');
          const status = fileProblem
            ? 400
            : !report.dryRun && !report.committed && report.errors > 0
              ? 422
              : 200;
          return reply.code(status).send(report);
        } catch (error) {
          const known = error instanceof DomainError ? error : domainErrorFromDatabase(error);
          if (known) return refuse(reply, known.code, known.message, known.details);
          throw error;
        }
      },
    );
    done();
  });
}
