import { loginAll } from '../support/auth-helpers';
import { maliChild } from '../support/mali-child';
import { startTestApi } from '../support/test-app';
import * as shortIds from '../../libs/cases/src/cases/short-id';

// Short ids are random: to meet a collision on purpose, the next draw is made to repeat a stored one.
jest.mock('../../libs/cases/src/cases/short-id', () => {
  const actual = jest.requireActual('../../libs/cases/src/cases/short-id');
  return { ...actual, newShortId: jest.fn(actual.newShortId) };
});

describe('short ids', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;

  beforeAll(async () => {
    api = await startTestApi();
    users = await loginAll(api.http);
  });
  afterAll(async () => {
    await api.app.close();
  });

  it('draws another short id when a new case meets a stored one, instead of failing the create', async () => {
    const create = () => api.http().post('/api/v1/cases').set('authorization', `Bearer ${users.worker1.token}`).send({ data: maliChild() });
    const first = await create().expect(201);
    jest.mocked(shortIds.newShortId).mockReturnValueOnce(first.body.data.shortId);
    const second = await create().expect(201);
    expect(second.body.data.shortId).not.toBe(first.body.data.shortId);
    expect(second.body.data.shortId).toMatch(/^[a-z2-9]{7}$/);
    // The retry wrote the case once, with its history event.
    const history = await api.http().get(`/api/v1/cases/${second.body.data.id}/history`).set('authorization', `Bearer ${users.worker1.token}`).expect(200);
    expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['create']);
  });
});
