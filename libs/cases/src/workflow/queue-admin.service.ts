import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { AccessContextService } from '../cases/access-context.service';
import { DiagnosticService } from '../core/diagnostic.service';

/** Queue counts and failed jobs for administrators (config permission `manage_config`); payloads are never shown. */
@Injectable()
export class QueueAdminService {
  constructor(
    private readonly access: AccessContextService,
    private readonly diagnostics: DiagnosticService,
  ) {}

  async overview(actor: Actor): Promise<unknown> {
    const ctx = await this.access.forActor(actor);
    if (!ctx.ability.can('manage_config', 'Config')) throw TutelaError.forbidden('Only administrators may inspect the queues');
    return this.diagnostics.overview();
  }
}
