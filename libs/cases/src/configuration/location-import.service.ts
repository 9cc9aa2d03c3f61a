import { Injectable } from '@nestjs/common';
import { Actor, RequestMeta, TutelaError } from '@tutela/common';
import { AdminAccess } from '../admin/admin-access.service';
import { throwIfProblems } from '../admin/admin-query';
import { ConfigPublisher } from './config-publisher.service';
import { problemDetails } from './config-problems';
import { ConfigurationService } from './configuration.service';
import { planLocationImport } from './location-import-plan';

export interface LocationImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** The CSV of a location import: a `text/csv` body, or JSON `{"csv": "…"}` for clients that only speak JSON. */
export function csvOfBody(body: unknown): string {
  const csv = typeof body === 'string' ? body : body && typeof body === 'object' && !Array.isArray(body) ? (body as { csv?: unknown }).csv : undefined;
  if (typeof csv !== 'string' || csv.trim() === '') {
    throw TutelaError.badRequest('Send the CSV as a text/csv body or as JSON {"csv": "…"}', [{ path: '/csv', code: 'required', message: 'CSV text is required' }]);
  }
  return csv;
}

/**
 * Location imports (`manage_config`): every problem of the CSV comes back at once with its row and column (422), and
 * nothing is applied unless there is none. New places are added, names and `disabled` of existing ones updated.
 */
@Injectable()
export class LocationImportService {
  constructor(
    private readonly admin: AdminAccess,
    private readonly configuration: ConfigurationService,
    private readonly publisher: ConfigPublisher,
  ) {}

  async importCsv(actor: Actor, body: unknown, meta: RequestMeta): Promise<LocationImportReport> {
    await this.admin.require(actor, 'manage_config');
    const csv = csvOfBody(body);
    let report: LocationImportReport = { rows: 0, created: 0, updated: 0, unchanged: 0 };
    await this.publisher.publish(
      actor,
      meta,
      () => [],
      () => {
        const snapshot = this.configuration.snapshot();
        const plan = planLocationImport(csv, snapshot.forms.locations.nodes, `locations/${snapshot.country.id}.csv`);
        throwIfProblems(problemDetails(plan.problems, 'invalid_csv'));
        report = { rows: plan.rows, created: plan.created, updated: plan.updated, unchanged: plan.unchanged };
        return plan.changes;
      },
    );
    return report;
  }
}
