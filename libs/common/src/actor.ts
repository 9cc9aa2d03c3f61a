/**
 * Who is acting, as the auth guard resolved it for one request (or as a job recorded it). Services take it as their
 * first argument; they never read request scope. Permissions come from the role, resolved by @tutela/access.
 */
export interface Actor {
  userId: string;
  username: string;
  roleId: string;
  agencyId: string;
  groupIds: string[];
  /** Home location code and its ltree path (e.g. "ML.ML01.ML0101"), for location-subtree scope. */
  locationCode: string | null;
  locationPath: string | null;
  locale: string;
}

/** The actor used by system jobs (timers, relays). It holds no role: services check `isSystemActor` explicitly. */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  roleId: 'system',
  agencyId: 'system',
  groupIds: [],
  locationCode: null,
  locationPath: null,
  locale: 'en',
}) as Actor;

export const isSystemActor = (actor: Actor): boolean => actor.userId === SYSTEM_ACTOR.userId;
