import type { ResourceId, TutelaAction } from './permission.catalog';

/**
 * Record scope of a role, from narrowest to widest. Every scope includes `own` (cases the user owns or is assigned
 * to), so widening a role never hides a case its user is working on.
 * - own: owner or assigned user
 * - group: own + cases tagged with one of the user's groups
 * - agency: own + cases of the user's agency
 * - location: own + cases located in the subtree of the user's home location
 * - all: every case (of the role's modules)
 */
export const CASE_SCOPES = ['own', 'group', 'agency', 'location', 'all'] as const;
export type CaseScope = (typeof CASE_SCOPES)[number];

/** `none` lets a role take every form with `"*"` and still leave one out. */
export const FORM_ACCESS_LEVELS = ['read', 'write', 'none'] as const;
export type FormAccessLevel = (typeof FORM_ACCESS_LEVELS)[number];
export type FormAccess = Exclude<FormAccessLevel, 'none'>;

export interface LocalizedName {
  en: string;
  fr: string;
  [locale: string]: string;
}

export interface RoleFlags {
  /** A disabled role grants nothing; its users keep their accounts but cannot act until given another role. */
  disabled?: boolean;
  /**
   * Statistics only: the role may hold no case verb but `view_stats`, whatever its permissions map says. The
   * validator rejects anything else, and the ability factory ignores it as a second line of defence.
   */
  statsOnly?: boolean;
}

/** A role as stored in `form-definitions/<country>/roles/<id>.json` and edited through `/admin/roles`. */
export interface RoleDefinition {
  id: string;
  name: LocalizedName;
  description?: Partial<LocalizedName>;
  scope: CaseScope;
  /** Case modules the role works in (e.g. `cp`); absent means every module. */
  modules?: string[];
  permissions: Partial<Record<ResourceId, TutelaAction[]>>;
  /** Form id (or `"*"` for every form) → access. A specific form id overrides `"*"`. */
  forms: Record<string, FormAccessLevel>;
  flags?: RoleFlags;
}
