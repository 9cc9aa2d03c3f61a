import { startTestApi } from '../support/test-app';

describe('service foundation (smoke)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;

  beforeAll(async () => {
    api = await startTestApi({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(async () => {
    await api.app.close();
  });

  it('is live, and ready once PostgreSQL and the queue backend answer', async () => {
    await api.http().get('/api/v1/health/live').expect(200, { data: { status: 'ok' } });
    const ready = await api.http().get('/api/v1/health/ready').expect(200);
    expect(ready.body.data.ready).toBe(true);
    expect(ready.body.data.checks.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['database', 'queue']));
    expect(ready.body.data.queueBackend).toBe(process.env.REDIS_URL ? 'redis' : 'postgres');
  });

  it('answers an unknown route with the error envelope and a correlation id', async () => {
    const res = await api.http().get('/api/v1/no-such-route').set('x-correlation-id', 'test-correlation-0001').expect(404);
    expect(res.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'Route not found', details: [], correlationId: 'test-correlation-0001' },
    });
    expect(res.headers['x-correlation-id']).toBe('test-correlation-0001');
  });

  it('rejects malformed JSON with 400 and an oversized body with 413, both in the envelope', async () => {
    const malformed = await api.http().post('/api/v1/health/live').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(malformed.body.error.code).toBe('BAD_REQUEST');
    expect(malformed.body.error.correlationId).toEqual(expect.any(String));

    const oversized = await api.http().post('/api/v1/health/live').set('content-type', 'application/json').send(JSON.stringify({ blob: 'x'.repeat(5000) })).expect(413);
    expect(oversized.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('ignores a correlation id that is not a plausible id', async () => {
    const res = await api.http().get('/api/v1/health/live').set('x-correlation-id', 'child name <script>').expect(200);
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics and the OpenAPI document', async () => {
    const metrics = await api.http().get('/api/v1/metrics').expect(200);
    expect(metrics.text).toContain('tutela_http_request_duration_seconds');
    expect(metrics.text).toContain('tutela_queue_jobs');
    const openapi = await api.http().get('/api/docs-json').expect(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/health/ready');
  });
});
