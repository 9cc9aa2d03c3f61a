import { Actor } from '@tutela/common';
import { DatabaseNotifications, NotificationSubscriber } from '../core/database-notifications.service';
import { SESSION_CHANNEL, SessionCache } from './session-cache.service';

/** The cache against a stand-in for the process's LISTEN connection, driven by the test. */
async function cacheWithNotifications() {
  let subscriber: NotificationSubscriber | undefined;
  const notifications = {
    subscribe: async (channel: string, s: NotificationSubscriber) => {
      expect(channel).toBe(SESSION_CHANNEL);
      subscriber = s;
    },
  } as unknown as DatabaseNotifications;
  const cache = new SessionCache(notifications);
  await cache.onModuleInit();
  return { cache, connection: () => subscriber! };
}

const session = (userId: string) => ({ actor: { userId } as Actor, sessionId: 's' });
const later = () => Date.now() + 60_000;

describe('SessionCache', () => {
  it('caches nothing until the notifications are heard', async () => {
    const { cache, connection } = await cacheWithNotifications();
    expect(cache.ticket('u1')).toBeUndefined();
    cache.put('t1', cache.ticket('u1'), session('u1'), later());
    expect(cache.get('t1')).toBeUndefined();
    connection().listening!();
    cache.put('t1', cache.ticket('u1'), session('u1'), later());
    expect(cache.get('t1')).toEqual(session('u1'));
  });

  it('drops everything when the connection is lost, and refuses an answer fetched before the loss', async () => {
    const { cache, connection } = await cacheWithNotifications();
    connection().listening!();
    cache.put('t1', cache.ticket('u1'), session('u1'), later());
    const before = cache.ticket('u2');
    connection().lost!();
    expect(cache.get('t1')).toBeUndefined();
    connection().listening!();
    cache.put('t2', before, session('u2'), later());
    expect(cache.get('t2')).toBeUndefined();
  });

  it("forgets a user's tokens when the database names the user, and an answer fetched meanwhile", async () => {
    const { cache, connection } = await cacheWithNotifications();
    connection().listening!();
    cache.put('t1', cache.ticket('u1'), session('u1'), later());
    const during = cache.ticket('u1');
    connection().notified('u1');
    expect(cache.get('t1')).toBeUndefined();
    cache.put('t2', during, session('u1'), later());
    expect(cache.get('t2')).toBeUndefined();
  });
});
