import { TutelaError } from '@tutela/common';

/**
 * Where a tablet's sync stream stands. Opaque to clients (base64url JSON). Tampering gains nothing: every page is
 * filtered by the actor's access, and the stream must belong to the actor.
 */
export interface SyncPosition {
  /** The tablet's stream (one per install; created by the first pull). */
  stream: string;
  /** Changes up to (xid, seq) were served; xid is a PostgreSQL xid8 as a decimal string. */
  xid: string;
  seq: string;
  /** Removals up to this sequence number were served (acknowledged by presenting this cursor). */
  removed: string;
  /** Fingerprint of what decides the actor's access (role version, agency, groups, location): a change restarts. */
  access: string;
}

const DIGITS = /^\d{1,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(position: SyncPosition): string {
  const { stream, xid, seq, removed, access } = position;
  return Buffer.from(JSON.stringify({ v: 1, s: stream, x: xid, q: seq, r: removed, k: access })).toString('base64url');
}

/** Throws 400 naming `since` for anything this server did not issue. */
export function decodeCursor(raw: string): SyncPosition {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const { v, s, x, q, r, k } = parsed ?? {};
  const ok = v === 1 && typeof s === 'string' && UUID.test(s) && [x, q, r].every((n) => typeof n === 'string' && DIGITS.test(n)) && typeof k === 'string' && k.length <= 64;
  if (!ok) throw invalidCursor();
  return { stream: s as string, xid: x as string, seq: q as string, removed: r as string, access: k as string };
}

export function invalidCursor(): TutelaError {
  return TutelaError.badRequest('The sync cursor is not valid for you: start a full sync without `since`', [
    { path: 'since', code: 'invalid_cursor', message: 'Unknown or malformed cursor' },
  ]);
}
