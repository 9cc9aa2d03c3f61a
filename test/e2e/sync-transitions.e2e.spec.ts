import { INestApplicationContext } from '@nestjs/common';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { loginAll } from '../support/auth-helpers';
import { waitUntil } from '../support/queue-drain';
import { startTestApi } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';
import { maliChild } from '../support/mali-child';

/** A child the Mali pack accepts on the registration forms, without the risk level start_assessment needs. */
function child() {
  return maliChild({ name_first: 'Mariam', name_last: `Coulibaly-${randomUUID().slice(0, 6)}`, date_of_birth: '2013-02-11' });
}

describe('offline sync: workflow transitions', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let worker: INestApplicationContext;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let db: Database;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    users = await loginAll(api.http);
    db = api.app.get(Database);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.app.close();
  });

  it('applies the edits first, then forwards transitions in the order they were made, each once', async () => {
    const created = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data: child() }).expect(201);
    const caseId = created.body.data.id;
    const start = randomUUID();
    const back = randomUUID();
    const batch = {
      batchId: randomUUID(),
      // The guard of start_assessment needs the risk level this very batch records.
      changes: [{ id: caseId, baseVersion: 1, data: { protection_concerns: ['neglect'], risk_level: 'high', risk_level_rationale: 'Violence répétée' } }],
      transitions: [
        { id: back, caseId, transition: 'back_to_assessment', clientCreatedAt: '2026-11-19T11:00:00Z' },
        { id: start, caseId, transition: 'start_assessment', note: 'Visite faite', clientCreatedAt: '2026-11-19T10:00:00Z' },
      ],
    };
    const res = await api.http().post('/api/v1/sync/cases').set(as('worker1')).send(batch).expect(200);
    expect(res.body.data.changes[0]).toMatchObject({ status: 'applied', version: 2 });
    const [later, earlier] = res.body.data.transitions;
    expect(earlier).toMatchObject({ index: 1, id: start, status: 'accepted', request: { id: expect.any(String) } });
    // Made after start_assessment, forwarded once that one was decided: not offered from "assessment".
    expect(later).toMatchObject({ index: 0, id: back, status: 'conflict', errors: [expect.objectContaining({ path: '/transitions/0/transition', code: 'not_allowed_from_state' })] });

    await waitUntil(async () => (await api.http().get(`/api/v1/cases/${caseId}`).set(as('worker1'))).body.data.workflow.state === 'assessment', 20_000, 'the transition to apply');
    const rows = await db.query(`SELECT transition, status, client_created_at AS "clientCreatedAt" FROM transition_requests WHERE case_id = $1`, [caseId]);
    expect(rows).toEqual([{ transition: 'start_assessment', status: 'applied', clientCreatedAt: new Date('2026-11-19T10:00:00Z') }]);

    // The response was lost: the retry changes nothing and requests nothing again.
    const retry = await api.http().post('/api/v1/sync/cases').set(as('worker1')).send(batch).expect(200);
    expect(retry.body.meta.replayed).toBe(3);
    expect(retry.body.data.transitions[1]).toMatchObject({ status: 'accepted', replayed: true });
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM transition_requests WHERE case_id = $1`, [caseId]);
    expect(count).toBe(1);

    // Without the batch id, the tablet's transition id still finds the first request.
    const again = await api.http().post('/api/v1/sync/cases').set(as('worker1')).send({ transitions: [batch.transitions[1]] }).expect(200);
    expect(again.body.data.transitions[0]).toMatchObject({ status: 'accepted', request: { id: earlier.request.id } });

    const unknown = await api.http().post('/api/v1/sync/cases').set(as('worker2')).send({ transitions: [{ id: randomUUID(), caseId, transition: 'start_assessment', clientCreatedAt: '2026-11-19T10:00:00Z' }] }).expect(200);
    expect(unknown.body.data.transitions[0]).toMatchObject({ status: 'not_found' });
  });
});
