import { Injectable } from '@nestjs/common';
import { Actor, ErrorDetail, TutelaError } from '@tutela/common';
import { FormDefinition, LocalizedForm, UiElement, localizeText } from '@tutela/forms';
import { WorkflowDescription, describeWorkflow } from '@tutela/workflow';
import { optionalText, parsePaging, throwIfProblems } from '../admin/admin-query';
import { ConfigReaderAccess } from './config-reader-access';
import { ConfigurationService } from './configuration.service';

export interface FormSummary {
  id: string;
  version: number;
  recordType: string;
  module: string;
  order: number;
  registration: boolean;
  title: string;
  access: 'read' | 'write';
}

export type FormView = LocalizedForm & { jsonSchema: Record<string, unknown>; uiSchema: UiElement };

export interface LookupView {
  id: string;
  version: number;
  locale: string;
  name: string;
  locked: boolean;
  options: Array<{ id: string; label: string; disabled?: boolean; tags?: string[] }>;
}

export interface LocationView {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  path: string;
  disabled?: boolean;
}

const ID = /^[a-z][a-z0-9_]{0,63}$/;
const LOCATION_CODE = /^[A-Za-z0-9_]{1,64}$/;
const LEVEL = /^[0-5]$/;
const SEARCH = /^[^\u0000-\u001f]{1,100}$/;

/**
 * What front ends read to render forms (API.md "Configuration (read)"): every authenticated user, each limited to the
 * forms and fields their role may read. Served from the in-memory snapshot: no database round trip per request.
 */
@Injectable()
export class ConfigReadService {
  constructor(private readonly configuration: ConfigurationService) {}

  listForms(actor: Actor, locale: string | undefined): FormSummary[] {
    const snapshot = this.configuration.snapshot();
    const reader = ConfigReaderAccess.of(actor, snapshot, locale);
    const recordTypes = [...new Set(snapshot.country.modules.flatMap((m) => m.recordTypes))];
    return recordTypes.flatMap((recordType) =>
      snapshot.forms.currentForms(recordType).flatMap((form) => {
        const access = reader.formAccess(form);
        if (!access) return [];
        const { id, version, module, order } = form;
        return [{ id, version, recordType, module, order, registration: form.registration === true, title: localizeText(form.title, reader.locale), access }];
      }),
    );
  }

  getForm(actor: Actor, formId: string, locale: string | undefined): FormView {
    return this.view(actor, formId, undefined, locale);
  }

  getFormVersion(actor: Actor, formId: string, version: string, locale: string | undefined): FormView {
    if (!/^[1-9]\d{0,8}$/.test(version)) throw TutelaError.notFound('Form version');
    return this.view(actor, formId, Number(version), locale);
  }

  listLookups(actor: Actor, locale: string | undefined): LookupView[] {
    const snapshot = this.configuration.snapshot();
    ConfigReaderAccess.of(actor, snapshot, locale);
    const ids = [...snapshot.versions.keys()].filter((k) => k.startsWith('lookup:')).map((k) => k.slice('lookup:'.length)).sort();
    return ids.map((id) => this.getLookup(actor, id, locale));
  }

  getLookup(actor: Actor, id: string, locale: string | undefined): LookupView {
    const snapshot = this.configuration.snapshot();
    const reader = ConfigReaderAccess.of(actor, snapshot, locale);
    const lookup = ID.test(id) ? snapshot.forms.lookup(id) : undefined;
    if (!lookup) throw TutelaError.notFound('Lookup');
    return {
      id,
      version: snapshot.versions.get(`lookup:${id}`) ?? 1,
      locale: reader.locale,
      name: localizeText(lookup.name, reader.locale),
      locked: lookup.locked === true,
      options: lookup.options.map((o) => ({
        id: o.id,
        label: localizeText(o.label, reader.locale),
        ...(o.disabled && { disabled: true }),
        ...(o.tags && { tags: o.tags }),
      })),
    };
  }

  /** Children of `parent` (the roots without it), optionally one `level` and a text `q`; paged like every list. */
  listLocations(actor: Actor, query: Record<string, unknown>, locale: string | undefined): { data: LocationView[]; meta: { total: number; page: number; per: number } } {
    const snapshot = this.configuration.snapshot();
    const reader = ConfigReaderAccess.of(actor, snapshot, locale);
    const problems: ErrorDetail[] = [];
    const parent = optionalText(query, 'parent', LOCATION_CODE, problems);
    const level = optionalText(query, 'level', LEVEL, problems);
    const q = optionalText(query, 'q', SEARCH, problems);
    const includeDisabled = optionalText(query, 'includeDisabled', /^(true|false)$/, problems) === 'true';
    const paging = parsePaging(query, problems);
    throwIfProblems(problems);
    const tree = snapshot.forms.locations;
    if (parent !== undefined && !tree.get(parent)) throw TutelaError.notFound('Location');
    // Without `parent`, a level or a search looks through the whole tree; with neither, the roots.
    const scope = parent !== undefined ? { parent } : level === undefined && q === undefined ? { parent: null } : {};
    const found = tree.find({ ...scope, ...(level !== undefined && { level: Number(level) }), ...(q && { q }), includeDisabled });
    const page = found.slice((paging.page - 1) * paging.per, paging.page * paging.per);
    return {
      data: page.map((n) => ({
        code: n.code,
        name: localizeText(n.name, reader.locale),
        level: n.level,
        parentCode: n.parentCode,
        path: n.path,
        ...(n.disabled && { disabled: true }),
      })),
      meta: { total: found.length, page: paging.page, per: paging.per },
    };
  }

  getWorkflow(actor: Actor, id: string, locale: string | undefined): WorkflowDescription {
    const snapshot = this.configuration.snapshot();
    const reader = ConfigReaderAccess.of(actor, snapshot, locale);
    const workflow = ID.test(id) ? snapshot.workflows.get(id) : undefined;
    if (!workflow) throw TutelaError.notFound('Workflow');
    return describeWorkflow(workflow, reader.locale);
  }

  private view(actor: Actor, formId: string, version: number | undefined, locale: string | undefined): FormView {
    const snapshot = this.configuration.snapshot();
    const reader = ConfigReaderAccess.of(actor, snapshot, locale);
    const current = ID.test(formId) ? snapshot.forms.getForm(formId) : undefined;
    // Visibility follows the current version: a form hidden from a role stays hidden in its history too.
    if (!current || !reader.formAccess(current)) throw TutelaError.notFound('Form');
    const form: FormDefinition | undefined = version === undefined ? current : snapshot.forms.getForm(formId, version);
    if (!form) throw TutelaError.notFound('Form version');
    const readable = reader.readableForm(form);
    return {
      ...snapshot.forms.localizedForm(readable, reader.locale),
      jsonSchema: snapshot.forms.formSchema(readable, reader.locale),
      uiSchema: snapshot.forms.uiSchema(readable, reader.locale),
    };
  }
}
