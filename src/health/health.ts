import { afterCommit } from '../common/after-commit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { LiveUpdatesState } from '../live/live-emitter';
import { ReplicaReport } from '../database/replicas';

/**
 * `/health/live`: the process answers. `/health/ready`: the database answers and every migration this
 * build knows has run; 503 otherwise (a load balancer stops sending traffic, nothing crashes). It also
 * says how live updates travel: a Redis that is down leaves the instance ready (every read and write
 * works, the `changes` feed has every change) but its subscribers miss the other instances' changes.
 * With read replicas it says `replicas: "ok"` or `"degraded"` (one is down or too far behind: its
 * reads go elsewhere, the instance stays ready) and each replica's state and lag.
 */
export function registerHealthRoutes(
  app: NestFastifyApplication,
  dataSource: DataSource,
  liveUpdates: () => LiveUpdatesState,
  replicas: () => ReplicaReport | undefined = () => undefined,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/health/live', (_request, reply) => reply.send({ status: 'ok' }));
  fastify.get('/health/ready', async (_request, reply) => {
    try {
      const [{ applied }] = (await dataSource.query(`SELECT count(*)::int AS applied FROM migrations`)) as {
        applied: number;
      }[];
      if (applied < migrations.length) {
        return reply.code(503).send({ status: 'unavailable', reason: 'migrations pending' });
      }
      // A replica down or behind leaves the instance ready: its reads go to the primary.
      const replicaReport = replicas();
      return {
        status: 'ok',
        liveUpdates: liveUpdates(),
        otherInstances: otherInstances(),
        ...(replicaReport ? { replicas: replicaReport.status, replicaDetails: replicaReport.replicas } : {}),
      };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
}

/**
 * Whether this instance hears the changes of the others on its database (database/invalidation.ts):
 * while it does not, it stays ready but remembers nothing, so every request reads the database.
 */
function otherInstances(): 'listening' | 'not listening' | 'none (embedded)' {
  if (!afterCommit.announcing) return 'none (embedded)';
  return afterCommit.remembering ? 'listening' : 'not listening';
}
