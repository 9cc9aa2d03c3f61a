import { Module } from '@nestjs/common';
import { BreakGlassService } from '../access/break-glass.service';
import { CasesModule } from '../cases/cases.module';
import { IdentityModule } from '../identity/identity.module';
import { AdminAccess } from './admin-access.service';
import { AgencyAdminService } from './agency-admin.service';
import { AuditLogAdminService } from './audit-log-admin.service';
import { RoleAdminService } from './role-admin.service';
import { UserAdminService } from './user-admin.service';
import { UserGroupAdminService } from './user-group-admin.service';

const providers = [AdminAccess, AgencyAdminService, AuditLogAdminService, BreakGlassService, RoleAdminService, UserAdminService, UserGroupAdminService];

/** Identity and access administration: users, roles, agencies, groups, the audit log, and break-the-glass grants. */
@Module({ imports: [CasesModule, IdentityModule], providers, exports: providers })
export class AdminModule {}
