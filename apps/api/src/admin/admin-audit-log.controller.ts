import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { AuditLogAdminService } from '@tutela/cases';
import { CurrentActor } from '../auth/request-context';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/audit-log')
export class AdminAuditLogController {
  constructor(private readonly auditLog: AuditLogAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Security audit log (read_audit_log), newest first: actor (username or id), action, from, to, page, per' })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.auditLog.list(actor, query);
  }
}
