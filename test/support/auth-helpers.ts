import request from 'supertest';
import { DEMO_PASSWORD } from '@tutela/cases';

export const DEMO_USERS = ['admin', 'supervisor', 'worker1', 'worker2', 'ngo_worker', 'analyst'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

export async function login(http: () => ReturnType<typeof request>, username: string, password = DEMO_PASSWORD) {
  const res = await http().post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { accessToken: string; refreshToken: string; expiresIn: number; user: { id: string } };
}

/** Bearer headers for every demo user, logged in once per suite. */
export async function loginAll(http: () => ReturnType<typeof request>): Promise<Record<DemoUser, { token: string; id: string }>> {
  const entries = await Promise.all(DEMO_USERS.map(async (u) => [u, await login(http, u)] as const));
  return Object.fromEntries(entries.map(([u, s]) => [u, { token: s.accessToken, id: s.user.id }])) as Record<DemoUser, { token: string; id: string }>;
}
