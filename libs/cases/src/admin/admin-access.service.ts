import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { AccessContext, AccessContextService } from '../cases/access-context.service';

/** The administrative capabilities of the permission catalogue, with the CASL subject each one is checked on. */
const SUBJECT_OF = { manage_users: 'User', manage_config: 'Config', read_audit_log: 'AuditLog' } as const;
export type AdminCapability = keyof typeof SUBJECT_OF;

/**
 * The route guard of every admin service: the actor's ability (built from the current role definition, so a role
 * change applies on the next request) must hold the capability. Deny by default: no role, a disabled role or a
 * missing verb is 403 (these routes reveal no record, so there is no existence to hide).
 */
@Injectable()
export class AdminAccess {
  constructor(private readonly access: AccessContextService) {}

  async require(actor: Actor, capability: AdminCapability): Promise<AccessContext> {
    const ctx = await this.access.forActor(actor, []);
    if (!ctx.ability.can(capability, SUBJECT_OF[capability])) {
      throw TutelaError.forbidden(`Your role lacks the "${capability}" permission`);
    }
    return ctx;
  }
}
