import { createTestApp, type TestApp } from '../test-app';

describe('per-IP limit on the sign-in routes', () => {
  let t: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    process.env.AUTH_RATE_LIMIT = '3';
    t = await createTestApp();
    // A second instance of the API on the same database, as behind a load balancer.
    other = await createTestApp({ databaseUrl: () => t.databaseUrl });
  });
  afterAll(async () => {
    delete process.env.AUTH_RATE_LIMIT;
    await other.close();
    await t.close();
  });

  it('answers 429 after the limit, for login, activation and registration alike, but not for other routes', async () => {
    for (let i = 0; i < 3; i++) await t.http.post('/api/auth/login').send({ phone: '081200000000', password: 'apa saja ya' }).expect(401);
    const res = await t.http.post('/api/auth/login').send({ phone: '081200000000', password: 'apa saja ya' }).expect(429);
    expect(res.body.message).toContain('Terlalu banyak percobaan');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    await t.http.post('/api/auth/activate').send({ phone: '081200000000', code: 'AAAAAAAA', password: 'apa saja ya' });
    await t.http.get('/api/regions').expect(200);
    // Another address (behind the web's proxy: X-Forwarded-For) has its own budget.
    await t.http.post('/api/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ phone: '081200000000', password: 'apa saja ya' }).expect(401);
  });

  it('holds across instances: the budget lives in PostgreSQL, not in each process', async () => {
    const from = { 'X-Forwarded-For': '203.0.113.8' };
    const body = { phone: '081200000001', password: 'apa saja ya' };
    await t.http.post('/api/auth/login').set(from).send(body).expect(401);
    await other.http.post('/api/auth/login').set(from).send(body).expect(401);
    await t.http.post('/api/auth/login').set(from).send(body).expect(401);
    const refused = await other.http.post('/api/auth/login').set(from).send(body).expect(429);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await t.http.post('/api/auth/login').set(from).send(body).expect(429);
  });
});
