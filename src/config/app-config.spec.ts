import { ConfirmationPolicy } from '../common/confirmation';
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
      trustProxy: false,
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

  it('keeps the published demo passwords out of production and off the network', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ SEED: 'reference' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ seed: 'reference', host: '0.0.0.0' });
    expect(() => loadConfig({ NODE_ENV: 'production', SEED: 'demo' })).toThrow(/ALLOW_DEMO=true/);
    expect(loadConfig({ NODE_ENV: 'production', SEED: 'demo', ALLOW_DEMO: 'true' })).toMatchObject({
      seed: 'demo',
      host: '127.0.0.1',
    });
  });

  it('trusts X-Forwarded-For only from the proxies it is told about', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
  });

  it.each([
    [{ NODE_ENV: 'production', SEED: 'demo', ALLOW_DEMO: 'yes' }, /ALLOW_DEMO/],
    [{ TRUST_PROXY: 'the load balancer' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '127.0.0.1; DROP' }, /TRUST_PROXY/],
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

describe('live updates and CORS configuration', () => {
  it('reads CORS_ORIGINS as exact origins, none by default', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.org, http://localhost:5173/' }).corsOrigins).toEqual(
      ['https://a.example.org', 'http://localhost:5173'],
    );
    for (const bad of ['*', 'https://a.example.org/path', 'ftp://a.example.org', 'a.example.org']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(ConfigError);
    }
  });

  it('reads METRICS_TOKEN, absent by default (no /metrics), and refuses a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token' }).metricsToken).toBe('a-long-enough-token');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('reads REDIS_URL, absent by default', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(ConfigError);
  });
});

describe('several instances and poolers', () => {
  it('listens on DATABASE_URL unless DATABASE_LISTEN_URL names a direct connection', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@pooler/db' }).databaseListenUrl).toBeUndefined();
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@pooler/db', DATABASE_LISTEN_URL: 'postgres://u@primary/db' })
        .databaseListenUrl,
    ).toBe('postgres://u@primary/db');
    expect(() => loadConfig({ DATABASE_LISTEN_URL: 'mysql://u@primary/db' })).toThrow(/DATABASE_LISTEN_URL/);
  });

  it('reads the replicas, their lag limit and the read-after-write window', () => {
    const primary = { DATABASE_URL: 'postgres://u@primary/db' };
    expect(loadConfig(primary)).toMatchObject({
      replicaUrls: [],
      replicaMaxLagSeconds: 10,
      replicaReadAfterWriteSeconds: 5,
    });
    expect(
      loadConfig({
        ...primary,
        DATABASE_REPLICA_URLS: 'postgres://u@r1/db, postgresql://u@r2/db,',
        REPLICA_MAX_LAG_SECONDS: '30',
        REPLICA_READ_AFTER_WRITE_SECONDS: '0',
      }),
    ).toMatchObject({
      replicaUrls: ['postgres://u@r1/db', 'postgresql://u@r2/db'],
      replicaMaxLagSeconds: 30,
      replicaReadAfterWriteSeconds: 0,
    });
    expect(() => loadConfig({ ...primary, DATABASE_REPLICA_URLS: 'mysql://u@r1/db' })).toThrow(
      /DATABASE_REPLICA_URLS/,
    );
    // The embedded database has no replicas.
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://u@r1/db' })).toThrow(
      /DATABASE_REPLICA_URLS/,
    );
    expect(() => loadConfig({ ...primary, REPLICA_MAX_LAG_SECONDS: '-1' })).toThrow(
      /REPLICA_MAX_LAG_SECONDS/,
    );
    expect(() => loadConfig({ ...primary, REPLICA_READ_AFTER_WRITE_SECONDS: 'x' })).toThrow(
      /REPLICA_READ_AFTER_WRITE_SECONDS/,
    );
  });

  it('prepares statements unless DATABASE_PREPARED_STATEMENTS=false', () => {
    expect(loadConfig({}).preparedStatements).toBe(true);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'false' }).preparedStatements).toBe(false);
    expect(() => loadConfig({ DATABASE_PREPARED_STATEMENTS: 'no' })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });
});

describe('the confirmation policy', () => {
  it('reads its period and whether unconfirmed mandates grant from the environment', () => {
    expect(loadConfig({}).confirmation).toEqual(new ConfirmationPolicy(12, false));
    expect(
      loadConfig({ MANDATE_CONFIRMATION_MONTHS: '6', UNCONFIRMED_MANDATES_GRANT: 'true' }).confirmation,
    ).toEqual(new ConfirmationPolicy(6, true));
    expect(() => loadConfig({ MANDATE_CONFIRMATION_MONTHS: '0' })).toThrow(/MANDATE_CONFIRMATION_MONTHS/);
    expect(() => loadConfig({ UNCONFIRMED_MANDATES_GRANT: 'yes' })).toThrow(/UNCONFIRMED_MANDATES_GRANT/);
  });
});
