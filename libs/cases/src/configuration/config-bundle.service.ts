import { Injectable } from '@nestjs/common';
import { Actor, RequestMeta, TutelaError } from '@tutela/common';
import { LocationNode } from '@tutela/forms';
import { AdminAccess } from '../admin/admin-access.service';
import { throwIfProblems } from '../admin/admin-query';
import { BundleContents, readBundle } from './config-bundle-reader';
import { ConfigPublisher, PublishResult } from './config-publisher.service';
import { ConfigRepository } from './config.repository';
import { ConfigurationService } from './configuration.service';
import { locationsToCsv } from './location-import-plan';

export interface ConfigBundle {
  country: string;
  revision: number;
  /** Pack-relative path → JSON document (or CSV text for locations), as in form-definitions/ and workflows/. */
  files: Record<string, unknown>;
}

export interface BundleImportResult {
  published: PublishResult['published'];
  locationsChanged: number;
}

const FOLDER = { form: 'forms', lookup: 'lookups', role: 'roles', workflow: 'workflows' } as const;

/**
 * The whole country configuration as one bundle (`manage_config`): export writes the pack layout, import takes the
 * same bundle back, checks all of it (422 with every problem, nothing applied) and publishes what changed in one
 * transaction, so exporting and importing again changes nothing and git and the admin API round-trip. Agencies,
 * user groups and users are not configuration documents: they stay with their own admin routes.
 */
@Injectable()
export class ConfigBundleService {
  constructor(
    private readonly admin: AdminAccess,
    private readonly configuration: ConfigurationService,
    private readonly repository: ConfigRepository,
    private readonly publisher: ConfigPublisher,
  ) {}

  async export(actor: Actor): Promise<ConfigBundle> {
    await this.admin.require(actor, 'manage_config');
    const snapshot = this.configuration.snapshot();
    const [rows, locations] = await Promise.all([this.repository.latestDocuments(), this.repository.locations()]);
    const files: Record<string, unknown> = {};
    for (const row of rows) {
      if (row.kind === 'country') files['country.json'] = row.body;
      else if (row.kind === 'matching') files['matching.json'] = row.body;
      // A form file carries its version, like the pack's files (ignored on import: the database numbers versions).
      else if (row.kind === 'form') files[`forms/${row.id}.json`] = { ...(row.body as object), version: row.version };
      else files[`${FOLDER[row.kind]}/${row.id}.json`] = row.body;
    }
    files[`locations/${snapshot.country.id}.csv`] = locationsToCsv(locations);
    return { country: snapshot.country.id, revision: snapshot.revision, files };
  }

  async import(actor: Actor, body: { files: Record<string, unknown> }, meta: RequestMeta): Promise<BundleImportResult> {
    await this.admin.require(actor, 'manage_config');
    if (Object.keys(body.files).length === 0) throw TutelaError.validation([{ path: '/files', code: 'minProperties', message: 'The bundle holds no file' }]);
    const checksums = new Map((await this.repository.latestDocuments()).map((r) => [`${r.kind}:${r.id}`, r.checksum]));
    let bundle: BundleContents | undefined;
    const result = await this.publisher.publish(
      actor,
      meta,
      () => {
        bundle = readBundle(body.files, this.configuration.snapshot(), checksums);
        throwIfProblems(bundle.problems);
        return bundle.documents;
      },
      (): LocationNode[] => bundle?.locations ?? [],
    );
    return { published: result.published, locationsChanged: result.locationsChanged };
  }
}
