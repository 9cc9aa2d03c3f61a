/**
 * The access-relevant columns of one `cases` row, camelCased. Services load these (never the `data` column) to decide
 * whether a case is visible and what the actor may do with it.
 */
export interface CaseAccessAttributes {
  id: string;
  module: string;
  ownerId: string;
  agencyId: string;
  groupIds: string[];
  assignedUserIds: string[];
  /** ltree path of the case location, e.g. `ML.ML09.ML0901`; null when the case has no location yet. */
  locationPath: string | null;
  /** Users and agencies that accepted a referral or transfer of this case. */
  sharedUserIds: string[];
  sharedAgencyIds: string[];
}

export const ACCESS_GRANT_KINDS = ['referral', 'transfer', 'break_glass'] as const;
export type AccessGrantKind = (typeof ACCESS_GRANT_KINDS)[number];

/**
 * A grant the actor holds on one case. Referral and transfer visibility comes from the case's shared_* columns; their
 * grants only say which forms the recipient may see (`forms`, absent or `"*"` for all). A break-the-glass grant is
 * what makes the case visible, and only until `expiresAt`: without it, it gives nothing.
 */
export interface AccessGrant {
  caseId: string;
  kind: AccessGrantKind;
  forms?: string[] | '*';
  expiresAt?: Date;
}
