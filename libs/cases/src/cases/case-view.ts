import { FieldPermissions } from '@tutela/access';
import { CaseRecord, CaseView } from './case.types';

/** The API shape of a case, with `data` limited to what the actor may read (and to `fields` when given). */
export function toCaseView(record: CaseRecord, fields: FieldPermissions, only?: ReadonlySet<string>): CaseView {
  let data = fields.stripUnreadable(record.data);
  if (only) data = Object.fromEntries(Object.entries(data).filter(([name]) => only.has(name)));
  return {
    id: record.id,
    shortId: record.shortId,
    module: record.module,
    status: record.status,
    workflow: { id: record.workflowId, state: record.workflowState },
    ownerId: record.ownerId,
    agencyId: record.agencyId,
    assignedUserIds: record.assignedUserIds,
    locationCode: record.locationCode,
    riskLevel: fields.canRead('risk_level') ? record.riskLevel : null,
    version: record.version,
    disabled: record.disabled,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    data,
    formVersions: record.formVersions,
  };
}
