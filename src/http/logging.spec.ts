import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import pino from 'pino';
import { NestToPino } from './logging';

/** Nest's lines through pino: the same JSON shape as a request's line, whatever Nest passes. */
describe('NestToPino', () => {
  const lines: Record<string, unknown>[] = [];
  let flushed = 0;
  beforeAll(() => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    Logger.overrideLogger(new NestToPino(pino({ level: 'debug' }, stream), () => flushed++));
  });
  afterAll(() => Logger.overrideLogger(false));
  beforeEach(() => (lines.length = 0));

  it('writes a message with its context as pino does (level, time, msg)', () => {
    new Logger('SeedService').log('Seeded 116 territories');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'Seeded 116 territories', context: 'SeedService' }),
    ]);
    expect(typeof lines[0].time).toBe('number');
  });

  it('keeps an error’s stack and flushes at once', () => {
    const before = flushed;
    new Logger('GraphQL').error('Boom', 'Error: Boom\n    at somewhere', 'GraphQL');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'Boom',
        context: 'GraphQL',
        stack: 'Error: Boom\n    at somewhere',
      }),
    ]);
    expect(flushed).toBe(before + 1);
  });

  it('makes an object message the line’s fields', () => {
    new Logger('GraphQL').error({ requestId: 'r1', message: 'Unexpected', path: ['a'] });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'Unexpected',
        requestId: 'r1',
        path: ['a'],
        context: 'GraphQL',
      }),
    ]);
  });

  it('leaves out what is below its level', () => {
    new Logger('X').verbose('hidden');
    new Logger('X').warn('shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });
});
