import { Injectable } from '@nestjs/common';
import {
  AccessGrant,
  CaseAccessAttributes,
  FieldCatalogEntry as AccessCatalogEntry,
  FieldPermissions,
  RoleDefinition,
  TutelaAbility,
  defineAbilityFor,
  fieldPermissionsFor,
  fieldPermissionsForCase,
} from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { FieldCatalogEntry } from '@tutela/forms';
import { Database } from '@tutela/persistence';
import { ConfigurationService } from '../configuration/configuration.service';

export interface AccessContext {
  actor: Actor;
  role: RoleDefinition;
  ability: TutelaAbility;
  grants: AccessGrant[];
}

/**
 * Builds the actor's CASL ability for one operation from the current role definition and the grants the actor holds
 * (live break-the-glass grants; referral/transfer grants saying which forms a recipient may see).
 */
@Injectable()
export class AccessContextService {
  private readonly catalogs = new WeakMap<object, AccessCatalogEntry[]>();

  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
  ) {}

  /** `caseIds` limits the grants loaded to the cases at hand (a list page, one case); omit it for lists. */
  async forActor(actor: Actor, caseIds?: string[]): Promise<AccessContext> {
    const role = this.configuration.snapshot().roles.get(actor.roleId);
    if (!role) throw TutelaError.forbidden('Your role is not defined in the current configuration');
    const grants = await this.loadGrants(actor, caseIds);
    return { actor, role, ability: defineAbilityFor(actor, role, { grants }), grants };
  }

  fieldsForCase(ctx: AccessContext, attributes: CaseAccessAttributes): FieldPermissions {
    return fieldPermissionsForCase({ ...ctx, catalog: this.accessCatalog(), caseAttributes: attributes });
  }

  /** Field rules before a case exists (create): the role's writable forms. */
  fieldsForNewCase(ctx: AccessContext): FieldPermissions {
    return fieldPermissionsFor(ctx.role, this.accessCatalog(), { readSensitive: ctx.ability.can('read_sensitive', 'Case') });
  }

  /** The forms engine's field catalog in the access lib's shape, computed once per configuration snapshot. */
  accessCatalog(): AccessCatalogEntry[] {
    const snapshot = this.configuration.snapshot();
    let catalog = this.catalogs.get(snapshot);
    if (!catalog) {
      catalog = snapshot.forms.fieldCatalog('case').map(toAccessEntry);
      this.catalogs.set(snapshot, catalog);
    }
    return catalog;
  }

  private async loadGrants(actor: Actor, caseIds?: string[]): Promise<AccessGrant[]> {
    // No case at hand (e.g. a case being created): no grant can matter, spare the round trip.
    if (caseIds?.length === 0) return [];
    const filter = caseIds ? 'AND case_id = ANY($3::uuid[])' : '';
    const params: unknown[] = caseIds ? [actor.userId, actor.agencyId, caseIds] : [actor.userId, actor.agencyId];
    const rows = await this.db.query<{ caseId: string; kind: AccessGrant['kind']; forms: string[] | null; expiresAt: Date | null }>(
      `SELECT case_id AS "caseId", 'break_glass' AS kind, NULL::jsonb AS forms, expires_at AS "expiresAt"
         FROM access_grants WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() AND $2::text IS NOT NULL ${filter}
       UNION ALL
       SELECT case_id, kind, forms, NULL FROM case_transfers
        WHERE (to_user_id = $1 OR to_agency_id = $2) AND status IN ('in_progress', 'accepted', 'done') ${filter}`,
      params,
      // Every read, list and update asks this (two texts: with or without the cases at hand).
      { name: caseIds ? 'access_grants_of_cases' : 'access_grants_of_actor' },
    );
    return rows.map((r) => ({
      caseId: r.caseId,
      kind: r.kind,
      forms: r.forms ?? '*',
      ...(r.expiresAt ? { expiresAt: new Date(r.expiresAt) } : {}),
    }));
  }
}

function toAccessEntry(entry: FieldCatalogEntry): AccessCatalogEntry {
  return {
    name: entry.name,
    formId: entry.formId,
    sensitive: entry.sensitive,
    ...(entry.subformFields ? { subformFields: entry.subformFields.map(toAccessEntry) } : {}),
  };
}
