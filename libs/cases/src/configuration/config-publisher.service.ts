import { Injectable } from '@nestjs/common';
import { Actor, RequestMeta } from '@tutela/common';
import { LocationNode } from '@tutela/forms';
import { Database } from '@tutela/persistence';
import { AuditService } from '../audit/audit.service';
import { checksumOf } from './canonical-json';
import { ConfigRepository } from './config.repository';
import { ConfigurationService } from './configuration.service';

export interface PublishDocument {
  kind: 'country' | 'form' | 'lookup' | 'role' | 'workflow' | 'matching';
  id: string;
  body: unknown;
}

export interface PublishResult {
  /** What was published, as `{kind, id, version}`; documents equal to their current version are skipped. */
  published: Array<{ kind: string; id: string; version: number }>;
  /** The current version of every document asked for, published or not. */
  versions: Record<string, number>;
  locationsChanged: number;
}

const PUBLISH_LOCK = 'config:publish';

/**
 * The one way administrators publish configuration: serialised (one publisher at a time, so version numbers and
 * whole-pack validation see the latest state), validated inside the lock against the freshest snapshot, audited
 * per document ('config_published'), and announced by a revision bump that every api and worker process follows.
 */
@Injectable()
export class ConfigPublisher {
  constructor(
    private readonly db: Database,
    private readonly repository: ConfigRepository,
    private readonly configuration: ConfigurationService,
    private readonly audit: AuditService,
  ) {}

  /**
   * `validate` runs after the lock is taken and this process has caught up with any other publisher; it throws the
   * 422 itself. Nothing is written when it throws.
   */
  async publish(actor: Actor, meta: RequestMeta, documents: () => PublishDocument[], locations: () => LocationNode[] = () => []): Promise<PublishResult> {
    const { result, revision } = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [PUBLISH_LOCK]);
      await this.configuration.reloadIfStale(await this.repository.revision(tx));
      const docs = documents();
      const nodes = locations();
      const out: PublishResult = { published: [], versions: {}, locationsChanged: 0 };
      for (const doc of docs) {
        const latest = await this.repository.latest(tx, doc.kind, doc.id);
        if (latest && latest.checksum === checksumOf(doc.body)) {
          out.versions[`${doc.kind}:${doc.id}`] = latest.version;
          continue;
        }
        const version = await this.repository.publish(tx, { ...doc, source: 'admin', publishedBy: actor.userId });
        out.versions[`${doc.kind}:${doc.id}`] = version;
        out.published.push({ kind: doc.kind, id: doc.id, version });
        await this.audit.record({ actor, action: 'config_published', targetType: doc.kind, targetId: doc.id, details: { version, created: !latest }, meta }, tx);
      }
      if (nodes.length > 0) {
        await this.repository.upsertLocations(tx, nodes);
        out.locationsChanged = nodes.length;
        await this.audit.record({ actor, action: 'config_published', targetType: 'locations', details: { codes: nodes.length }, meta }, tx);
      }
      const changed = out.published.length > 0 || nodes.length > 0;
      return { result: out, revision: changed ? await this.repository.bumpRevision(tx) : undefined };
    });
    // This process answers the next request with the new snapshot; the others follow on the notification.
    if (revision !== undefined) await this.configuration.reloadIfStale(revision);
    return result;
  }
}
