import { Injectable } from '@nestjs/common';
import { Actor, ErrorDetail } from '@tutela/common';
import { AuditService } from '../audit/audit.service';
import { AdminAccess } from './admin-access.service';
import { optionalText, parsePaging, throwIfProblems } from './admin-query';

/** `GET /admin/audit-log` (`read_audit_log`): who did what, when, newest first, filtered and paged. */
@Injectable()
export class AuditLogAdminService {
  constructor(
    private readonly admin: AdminAccess,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, raw: Record<string, unknown>): Promise<{ data: unknown[]; meta: { total: number; page: number; per: number } }> {
    await this.admin.require(actor, 'read_audit_log');
    const problems: ErrorDetail[] = [];
    const paging = parsePaging(raw, problems);
    const who = optionalText(raw, 'actor', /^[A-Za-z0-9_.@-]{1,100}$/, problems);
    const action = optionalText(raw, 'action', /^[a-z_]{1,50}$/, problems);
    const from = instant(raw, 'from', problems);
    const to = instant(raw, 'to', problems);
    if (from && to && from > to) problems.push({ path: '/to', code: 'range', message: 'to must not be before from' });
    throwIfProblems(problems);
    const { rows, total } = await this.audit.list({ actor: who, action, from, to, ...paging });
    return { data: rows, meta: { total, ...paging } };
  }
}

/** An ISO 8601 date or date-time; anything else is 422 rather than a silently ignored filter. */
function instant(raw: Record<string, unknown>, name: string, problems: ErrorDetail[]): Date | undefined {
  const value = optionalText(raw, name, /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, problems);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    problems.push({ path: `/${name}`, code: 'format', message: `${name} is not a valid date` });
    return undefined;
  }
  return date;
}
