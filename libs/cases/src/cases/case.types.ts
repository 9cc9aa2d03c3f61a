import type { CaseAccessAttributes } from '@tutela/access';

export type CaseData = Record<string, unknown>;

/** A `cases` row as services use it (access columns camelCased, like CaseAccessAttributes). */
export interface CaseRecord extends CaseAccessAttributes {
  shortId: string;
  recordType: string;
  status: string;
  workflowId: string;
  workflowState: string;
  locationCode: string | null;
  riskLevel: string | null;
  data: CaseData;
  formVersions: Record<string, number>;
  version: number;
  disabled: boolean;
  mergedInto: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

/** What the API returns for a case: only fields the actor may read are in `data`. */
export interface CaseView {
  id: string;
  shortId: string;
  module: string;
  status: string;
  workflow: { id: string; state: string };
  ownerId: string;
  agencyId: string;
  assignedUserIds: string[];
  locationCode: string | null;
  riskLevel: string | null;
  version: number;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  data: CaseData;
  formVersions: Record<string, number>;
}

/** `{field: {from, to}}`; a subform's entry lists the items that changed, before (`from`) and after (`to`). */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;
