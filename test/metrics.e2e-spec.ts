import { liveClient, subscribe } from './support/live';
import { startTestApp, TestApp } from './support/test-app';

/** `/metrics`: Prometheus's text format, behind METRICS_TOKEN. */
describe('/metrics', () => {
  const token = 'metrics-token-for-the-tests';
  let t: TestApp;
  let metricsUrl: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo', env: { METRICS_TOKEN: token } });
    metricsUrl = t.url.replace(/\/graphql$/, '/metrics');
  });
  afterAll(() => t.close());

  it('answers 401 without the token or with another one', async () => {
    expect((await fetch(metricsUrl)).status).toBe(401);
    const wrong = await fetch(metricsUrl, {
      headers: { authorization: 'Bearer metrics-token-for-the-test' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toMatch(/tanzim_/);
  });

  it('counts requests by operation and outcome, times them, and shows the pool, the event loop and subscriptions', async () => {
    const named = 'query UnitName { orgUnit(code: "PAM-MA-TNG") { nameFr } }';
    for (let i = 0; i < 3; i++) await t.ok(named);
    await t.as(null).gql('query Refused { orgUnits { totalCount } }'); // executed, answered with an error
    await t.gql('query Broken { orgUnit('); // a request error (200, data null, under application/json)
    await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Broken { orgUnit(', operationName: 'Broken' }),
    });
    // A subscription held open while the metrics are read.
    const live = liveClient(t.url, await t.login('admin@test.local', 'national-admin-password'));
    await live.connected;
    const subscription = subscribe(live, 'subscription { registryChanged { id } }');
    try {
      let text = '';
      for (let attempt = 0; attempt < 50; attempt++) {
        const response = await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        text = await response.text();
        if (/^tanzim_subscriptions_open 1$/m.test(text)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const series = parse(text);
      expect(series.get('tanzim_graphql_requests_total{operation="UnitName",outcome="ok"}')).toBe(3);
      expect(series.get('tanzim_graphql_requests_total{operation="Refused",outcome="error"}')).toBe(1);
      expect(series.get('tanzim_graphql_requests_total{operation="Broken",outcome="rejected"}')).toBe(2);
      expect(
        series.get('tanzim_graphql_request_duration_seconds_count{operation="UnitName",outcome="ok"}'),
      ).toBe(3);
      expect(
        series.get(
          'tanzim_graphql_request_duration_seconds_bucket{le="+Inf",operation="UnitName",outcome="ok"}',
        ),
      ).toBe(3);
      expect(series.get('tanzim_db_pool_connections{state="max"}')).toBeGreaterThanOrEqual(1);
      expect(series.has('tanzim_db_pool_connections{state="in_use"}')).toBe(true);
      expect(series.get('tanzim_db_pool_waiting')).toBe(0);
      expect(series.get('tanzim_db_pool_wait_seconds_count')).toBeGreaterThanOrEqual(5);
      expect(series.get('tanzim_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(series.get('tanzim_subscriptions_open')).toBe(1);
    } finally {
      subscription.stop();
      await live.dispose();
    }
  });
});

/** Prometheus's text format, as a map from series (name and labels) to value; fails on a line it cannot read. */
function parse(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`Not Prometheus text: ${line}`);
    series.set(match[1], Number(match[2]));
  }
  return series;
}
