import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

type Level = 'error' | 'warn' | 'log' | 'debug';

/**
 * The process's one logger: pino, JSON lines on standard output, used by Fastify (one line per
 * request) and by Nest (its own lines and our `Logger` calls), so every line has the same shape:
 * `level`, `time`, `pid`, `hostname`, `msg`, plus `context` for Nest's and `reqId` for a request's.
 *
 * Written in blocks of 4 KB, at least every second and when the server closes: a system call per
 * request line was measurably slower for small reads (bench/README.md). Errors are flushed at once.
 */
export function createLogger(level: Level): { logger: Logger; nest: LoggerService; close(): void } {
  const stream = pino.destination({ dest: 1, minLength: 4096, sync: false });
  const logger = pino(
    {
      level: { error: 'error', warn: 'warn', log: 'info', debug: 'debug' }[level],
      // Credentials never reach the log.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
    },
    stream,
  );
  const timer = setInterval(() => stream.flush(), 1000);
  timer.unref();
  return {
    logger,
    nest: new NestToPino(logger, () => stream.flush()),
    close() {
      clearInterval(timer);
      stream.flushSync();
    },
  };
}

/**
 * Nest's LoggerService on a pino logger. Nest passes the context (a class name) as the last string
 * argument, and an error's stack before it; an object message becomes the line's fields.
 */
export class NestToPino implements LoggerService {
  constructor(
    private readonly pino: Logger,
    private readonly flush: () => void,
  ) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
    this.flush();
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
    this.flush();
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const stack = rest.find((item): item is string => typeof item === 'string');
    const fields: Record<string, unknown> = { context, ...(stack ? { stack } : {}) };
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { message: text, ...rest } = message as Record<string, unknown>;
      this.pino[level]({ ...fields, ...rest }, typeof text === 'string' ? text : undefined);
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
