import { Injectable } from '@nestjs/common';
import { permissionsSummary } from '@tutela/access';
import { Actor } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { ConfigurationService } from '../configuration/configuration.service';

/** `GET /me`: who the actor is and what their role lets them do, as the rules apply (not as written). */
@Injectable()
export class ProfileService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
  ) {}

  async profile(actor: Actor): Promise<Record<string, unknown>> {
    const [user] = await this.db.query<{ full_name: string; email: string | null; agency_names: unknown; location_names: unknown }>(
      `SELECT u.full_name, u.email, a.names AS agency_names, l.names AS location_names
         FROM users u JOIN agencies a ON a.id = u.agency_id LEFT JOIN locations l ON l.code = u.location_code WHERE u.id = $1`,
      [actor.userId],
    );
    const snapshot = this.configuration.snapshot();
    const role = snapshot.roles.get(actor.roleId);
    return {
      id: actor.userId,
      username: actor.username,
      fullName: user.full_name,
      email: user.email,
      locale: actor.locale,
      role: role ? { id: role.id, name: role.name } : { id: actor.roleId, name: null },
      agency: { id: actor.agencyId, name: user.agency_names },
      groups: actor.groupIds,
      location: actor.locationCode ? { code: actor.locationCode, path: actor.locationPath, name: user.location_names } : null,
      permissions: role ? permissionsSummary(role, { formIds: snapshot.forms.currentForms('case').map((f) => f.id) }) : null,
    };
  }
}
