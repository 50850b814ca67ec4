import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to embedded Postgres under ./data on port 3000 with demo data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      poolSize: 1,
      seed: 'demo',
      graphiql: true,
    });
    expect(loadConfig({ DB_POOL_SIZE: '8' }).poolSize).toBe(1);
    expect(config.dataDir).toMatch(/data$/);
  });

  it('uses a real server when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({
      databaseUrl: 'postgres://u@h/db',
      poolSize: 10,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ SEED: 'everything' }, /SEED/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://u@h/db', DB_POOL_SIZE: '0' }, /DB_POOL_SIZE/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
