import { Injectable } from '@nestjs/common';
import { Actor, RequestMeta, TutelaError } from '@tutela/common';
import { LookupDefinition } from '@tutela/forms';
import { AdminAccess } from '../admin/admin-access.service';
import { SLUG, throwIfProblems } from '../admin/admin-query';
import { ConfigPublisher } from './config-publisher.service';
import { problem, problemDetails } from './config-problems';
import { ConfigurationService } from './configuration.service';
import { checkPackWith, removedOptions } from './pack-check';

export interface LookupPublication {
  id: string;
  version: number;
  published: boolean;
}

/**
 * Publishing option lists (`manage_config`). Options stored data may hold are never removed (422 naming them: disable
 * them instead), and `locked` lists (ids the code relies on, such as sex) are refused whole.
 */
@Injectable()
export class LookupAdminService {
  constructor(
    private readonly admin: AdminAccess,
    private readonly configuration: ConfigurationService,
    private readonly publisher: ConfigPublisher,
  ) {}

  async publish(actor: Actor, id: string, body: Record<string, unknown>, meta: RequestMeta): Promise<LookupPublication> {
    await this.admin.require(actor, 'manage_config');
    if (!SLUG.test(id)) throw TutelaError.notFound('Lookup');
    const result = await this.publisher.publish(actor, meta, () => {
      const snapshot = this.configuration.snapshot();
      const file = `lookups/${id}.json`;
      if (body.id !== id) throw TutelaError.validation([problem(file, '/id', `The body's id must be "${id}"`, 'const')]);
      const current = snapshot.forms.lookup(id);
      if (current?.locked) throw TutelaError.forbidden(`Lookup "${id}" is locked: the code relies on its options`, [problem(file, '/locked', 'locked lookups cannot be changed through the API', 'locked')]);
      const lookup = body as unknown as LookupDefinition;
      const problems = problemDetails(checkPackWith(snapshot, { lookups: [{ lookup, file }] }));
      for (const option of removedOptions(current?.options, lookup.options)) {
        problems.push(problem(file, '/options', `option "${option}" may be in stored data: disable it ("disabled": true) instead of removing it`, 'option_removed'));
      }
      throwIfProblems(problems);
      return [{ kind: 'lookup', id, body: lookup }];
    });
    return { id, version: result.versions[`lookup:${id}`], published: result.published.length > 0 };
  }
}
