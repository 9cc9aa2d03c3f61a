import { Injectable } from '@nestjs/common';
import { Actor, ErrorDetail, RequestMeta, TutelaError } from '@tutela/common';
import { FieldDefinition, FormDefinition } from '@tutela/forms';
import { AdminAccess } from '../admin/admin-access.service';
import { throwIfProblems } from '../admin/admin-query';
import { ConfigPublisher } from './config-publisher.service';
import { problem, problemDetails } from './config-problems';
import { ConfigSnapshot } from './config-snapshot';
import { ConfigurationService } from './configuration.service';
import { checkPackWith, removedOptions } from './pack-check';

export interface FormCheck {
  valid: true;
  /** The version a publish would create now. */
  version: number;
  /** Changes that are allowed but deserve a look: stored data may hold values of removed or retyped fields. */
  warnings: ErrorDetail[];
}

export interface FormPublication {
  id: string;
  version: number;
  /** False when the body equals the current version: nothing was published. */
  published: boolean;
  warnings: ErrorDetail[];
}

/**
 * Publishing form definitions (`manage_config`). A definition is checked alone (meta-schema) and inside the whole pack
 * with it substituted; a new version is immutable, stored without its `version` field (the row's number is
 * authoritative), and every process validates against it as soon as it follows the revision bump.
 */
@Injectable()
export class FormAdminService {
  constructor(
    private readonly admin: AdminAccess,
    private readonly configuration: ConfigurationService,
    private readonly publisher: ConfigPublisher,
  ) {}

  async validate(actor: Actor, formId: string, body: Record<string, unknown>): Promise<FormCheck> {
    await this.admin.require(actor, 'manage_config');
    const snapshot = this.configuration.snapshot();
    const { form, warnings } = this.check(snapshot, formId, body);
    return { valid: true, version: form.version, warnings };
  }

  async publish(actor: Actor, formId: string, body: Record<string, unknown>, meta: RequestMeta): Promise<FormPublication> {
    await this.admin.require(actor, 'manage_config');
    let warnings: ErrorDetail[] = [];
    const result = await this.publisher.publish(actor, meta, () => {
      const checked = this.check(this.configuration.snapshot(), formId, body);
      warnings = checked.warnings;
      const { version: _numberedByTheDatabase, ...stored } = checked.form;
      return [{ kind: 'form', id: formId, body: stored }];
    });
    return { id: formId, version: result.versions[`form:${formId}`], published: result.published.length > 0, warnings };
  }

  /** Throws 422 with every problem; returns the definition as it would be published, with its warnings. */
  private check(snapshot: ConfigSnapshot, formId: string, body: Record<string, unknown>): { form: FormDefinition; warnings: ErrorDetail[] } {
    const file = `forms/${formId}.json`;
    if (body.id !== formId) throw TutelaError.validation([problem(file, '/id', `The body's id must be "${formId}"`, 'const')]);
    const current = snapshot.forms.getForm(formId);
    const form = { ...body, version: (current?.version ?? 0) + 1 } as unknown as FormDefinition;
    const problems = problemDetails(checkPackWith(snapshot, { forms: [{ form, file }] }));
    if (current && Array.isArray(form.fields)) problems.push(...removedInlineOptions(current.fields, form.fields, file));
    throwIfProblems(problems);
    return { form, warnings: current ? fieldWarnings(current, form, file) : [] };
  }
}

function fieldsByName(fields: readonly FieldDefinition[]): Map<string, FieldDefinition> {
  return new Map(fields.filter((f) => f && typeof f === 'object').map((f) => [f.name, f]));
}

function removedInlineOptions(before: readonly FieldDefinition[], after: readonly FieldDefinition[], file: string): ErrorDetail[] {
  const next = fieldsByName(after);
  return before.flatMap((field) => {
    const removed = removedOptions(field.options, next.get(field.name)?.options);
    const index = after.indexOf(next.get(field.name)!);
    return removed.map((id) =>
      problem(file, `/fields/${index}/options`, `option "${id}" of "${field.name}" may be in stored data: disable it ("disabled": true) instead of removing it`, 'option_removed'),
    );
  });
}

function fieldWarnings(current: FormDefinition, next: FormDefinition, file: string): ErrorDetail[] {
  const after = fieldsByName(next.fields);
  return current.fields.flatMap((field) => {
    const now = after.get(field.name);
    if (!now) return [problem(file, '/fields', `field "${field.name}" is removed: values stored in it stay but are no longer shown or validated`, 'field_removed')];
    if (now.type !== field.type) {
      return [problem(file, `/fields/${next.fields.indexOf(now)}/type`, `field "${field.name}" changes type from ${field.type} to ${now.type}: stored values keep the old type`, 'field_retyped')];
    }
    return [];
  });
}
