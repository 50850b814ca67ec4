import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { EntityManager } from 'typeorm';
import { AuthService } from '../accounts/auth.service';
import { RequestContext } from '../common/context';
import { callerOf } from '../database/read-routing';
import { ReadReplicas } from '../database/replicas';
import { BadInputError, NotFoundError } from '../common/errors';
import { CalendarService } from './calendar/calendar.service';
import { contextOf, queryParam, sendError } from './data-out.http';
import { EXPORT_LISTS, ExportList, ExportService } from './export/export.service';
import { csvStream, xlsxStream } from './export/writers';
import { PopoloImportService } from './popolo/popolo-import.service';
import { PopoloService } from './popolo/popolo.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The doors for data out (and Popolo in), beside /graphql:
 * - `GET /export/<list>.csv|.xlsx?unit=CODE&asOf=&from=&to=` (Bearer): a list as a spreadsheet;
 * - `GET /export/popolo/<unit code>` (Bearer): the subtree as one Popolo JSON document;
 * - `POST /import/popolo` (Bearer, an administrator): a Popolo document into the registry;
 * - `GET /calendar/<unit code>.ics` (Bearer, or `?token=` with a read-only API token): a feed.
 * A refusal is a coded JSON error (`errors[0].extensions.code`) with its HTTP status.
 */
export function registerDataOutRoutes(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const auth = app.get(AuthService);
  // Each request's context reads through the application's manager, as GraphQL's does.
  const manager = app.get(EntityManager);
  const replicas = app.get(ReadReplicas);
  const exports = app.get(ExportService);
  const popolo = app.get(PopoloService);
  const popoloImport = app.get(PopoloImportService);
  const calendar = app.get(CalendarService);

  const door =
    (
      handle: (ctx: RequestContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
      options: { tokenInQuery?: boolean } = {},
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const ctx = await contextOf(auth, manager, request, {
          tokenInQuery: options.tokenInQuery,
          readOnlyToken: options.tokenInQuery,
        });
        // Exports and feeds may be a little behind (a replica's), unless the caller has just written;
        // an import is a write, and keeps its caller on the primary for a while after it.
        const caller = callerOf(ctx.actor);
        if (request.method !== 'GET') {
          replicas.wrote(caller);
          return await handle(ctx, request, reply).finally(() => replicas.wrote(caller));
        }
        const replica = replicas.managerFor(caller);
        return await handle(
          replica ? { ...ctx, manager: replica, readsFromReplica: true } : ctx,
          request,
          reply,
        );
      } catch (error) {
        return sendError(reply, String(request.id), error);
      }
    };

  fastify.get<{ Params: { file: string } }>(
    '/export/:file',
    door(async (ctx, request, reply) => {
      const { file } = request.params as { file: string };
      const match = /^([a-z]+)\.(csv|xlsx)$/.exec(file);
      if (!match || !(EXPORT_LISTS as readonly string[]).includes(match[1])) {
        throw new NotFoundError('Export', file);
      }
      const list = match[1] as ExportList;
      const table = await exports.table(ctx, list, {
        unit: queryParam(request, 'unit'),
        asOf: queryParam(request, 'asOf'),
        from: queryParam(request, 'from'),
        to: queryParam(request, 'to'),
      });
      const name = `tanzim-${list}${queryParam(request, 'unit') ? `-${queryParam(request, 'unit')}` : ''}-${ctx.today}`;
      const safeName = name.replace(/[^A-Za-z0-9._-]/g, '_');
      reply.header('cache-control', 'no-store');
      if (match[2] === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${safeName}.csv"`)
          .send(csvStream(table));
      }
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${safeName}.xlsx"`)
        .send(xlsxStream(table, list));
    }),
  );

  fastify.get<{ Params: { code: string } }>(
    '/export/popolo/:code',
    door(async (ctx, request, reply) => {
      const { code } = request.params as { code: string };
      const document = await popolo.document(ctx, code);
      return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(document);
    }),
  );

  fastify.post(
    '/import/popolo',
    { bodyLimit: 50 * 1024 * 1024 },
    door(async (ctx, request, reply) => {
      if (typeof request.body !== 'object' || request.body === null) {
        throw new BadInputError('Send a Popolo document as JSON.');
      }
      const counts = await popoloImport.import(ctx, request.body);
      return reply.code(201).send(counts);
    }),
  );

  fastify.get<{ Params: { file: string } }>(
    '/calendar/:file',
    door(
      async (ctx, request, reply) => {
        const { file } = request.params as { file: string };
        const code = /^(.+)\.ics$/.exec(file)?.[1];
        if (!code) throw new NotFoundError('Calendar', file);
        const feed = await calendar.feed(ctx, code);
        return reply
          .header('cache-control', 'private, max-age=300')
          .type('text/calendar; charset=utf-8')
          .send(feed.toString());
      },
      { tokenInQuery: true },
    ),
  );
}
