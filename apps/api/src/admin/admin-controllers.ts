import { AdminAgenciesController } from './admin-agencies.controller';
import { AdminAuditLogController } from './admin-audit-log.controller';
import { AdminRolesController } from './admin-roles.controller';
import { AdminUserGroupsController } from './admin-user-groups.controller';
import { AdminUsersController } from './admin-users.controller';
import { BreakGlassController } from './break-glass.controller';

/** The identity and access administration routes, and break-the-glass (served by AdminModule). */
export const ADMIN_CONTROLLERS = [AdminUsersController, AdminRolesController, AdminAgenciesController, AdminUserGroupsController, AdminAuditLogController, BreakGlassController];
