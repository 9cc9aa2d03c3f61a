import { Actor } from '@tutela/common';
import { createHash } from 'node:crypto';
import { ConfigSnapshot } from '../configuration/config-snapshot';

/** The configuration a tablet must hold to edit offline: forms, lookups and workflows by version, and the revision. */
export interface SyncConfigMeta {
  /** Bumped by every publish, locations included: a tablet refreshes its configuration when this moves. */
  revision: number;
  forms: Record<string, number>;
  lookups: Record<string, number>;
  workflows: Record<string, number>;
}

export function syncConfigMeta(snapshot: ConfigSnapshot): SyncConfigMeta {
  const meta: SyncConfigMeta = { revision: snapshot.revision, forms: {}, lookups: {}, workflows: {} };
  const target: Record<string, Record<string, number>> = { form: meta.forms, lookup: meta.lookups, workflow: meta.workflows };
  for (const [key, version] of snapshot.versions) {
    const [kind, id] = splitKey(key);
    if (target[kind]) target[kind][id] = version;
  }
  return meta;
}

/** Forms the tablet validated against that are no longer current, so it knows what to download and re-check. */
export function staleForms(snapshot: ConfigSnapshot, clientVersions: Record<string, number> | undefined): Array<{ formId: string; clientVersion: number; currentVersion: number | null }> {
  if (!clientVersions) return [];
  return Object.entries(clientVersions)
    .map(([formId, clientVersion]) => ({ formId, clientVersion, currentVersion: snapshot.versions.get(`form:${formId}`) ?? null }))
    .filter((f) => f.currentVersion !== f.clientVersion);
}

/**
 * Everything that decides which cases and fields the actor sees, hashed. When it changes (role edited, user moved to
 * another agency, group or location), cases may become visible without any case row changing: the stream restarts.
 */
export function accessFingerprint(actor: Actor, snapshot: ConfigSnapshot): string {
  const parts = [actor.roleId, snapshot.versions.get(`role:${actor.roleId}`) ?? 0, actor.agencyId, [...actor.groupIds].sort().join(','), actor.locationPath ?? ''];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}
