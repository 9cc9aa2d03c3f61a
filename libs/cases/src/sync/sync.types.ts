import { ErrorDetail } from '@tutela/common';
import { CaseData, CaseView } from '../cases/case.types';
import { SyncConfigMeta } from './sync-meta';
import { SyncConflict } from './sync-conflicts';

/** One offline edit: a create (no baseVersion, client UUID) or an update of the version the tablet edited. */
export interface SyncChangeInput {
  id: string;
  baseVersion?: number;
  data: CaseData;
  clientUpdatedAt?: string;
  /** The form versions the tablet validated against (from the pull meta), to report which ones changed since. */
  formVersions?: Record<string, number>;
}

export interface SyncNoteInput {
  id: string;
  caseId: string;
  subject?: string;
  body: string;
  clientCreatedAt: string;
}

/** A workflow transition requested offline; forwarded to POST /cases/:id/transitions in clientCreatedAt order. */
export interface SyncTransitionInput {
  id: string;
  caseId: string;
  transition: string;
  note?: string;
  clientCreatedAt: string;
}

export interface SyncPushInput {
  batchId?: string;
  changes?: SyncChangeInput[];
  notes?: SyncNoteInput[];
  transitions?: SyncTransitionInput[];
}

export type StaleForm = { formId: string; clientVersion: number; currentVersion: number | null };

export type SyncChangeResult =
  | { index: number; id: string; status: 'applied'; version: number; created: boolean; merged: boolean; case: CaseView; staleForms?: StaleForm[] }
  | { index: number; id: string; status: 'conflict'; serverVersion: number; conflicts: SyncConflict[]; case: CaseView; staleForms?: StaleForm[] }
  | { index: number; id: string; status: 'invalid' | 'forbidden' | 'not_found'; errors: ErrorDetail[]; staleForms?: StaleForm[] };

export type SyncNoteResult =
  | { index: number; id: string; caseId: string; status: 'applied'; createdAt: string }
  | { index: number; id: string; caseId: string; status: 'invalid' | 'forbidden' | 'not_found' | 'conflict'; errors: ErrorDetail[] };

export type SyncTransitionResult =
  | { index: number; id: string; caseId: string; status: 'accepted'; request: { id: string; status: string; state: string | null } }
  | { index: number; id: string; caseId: string; status: 'invalid' | 'forbidden' | 'not_found' | 'conflict'; errors: ErrorDetail[] };

export interface SyncPushResult {
  data: { changes: SyncChangeResult[]; notes: SyncNoteResult[]; transitions: SyncTransitionResult[] };
  meta: { batchId: string | null; replayed: number; config: SyncConfigMeta };
}
