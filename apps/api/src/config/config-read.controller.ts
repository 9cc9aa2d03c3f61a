import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { ConfigReadService } from '@tutela/cases';
import { CurrentActor } from '../auth/request-context';
import { RequestedLocale } from './requested-locale.decorator';

const LOCALE_QUERY = { name: 'locale', required: false, description: 'Overrides Accept-Language (e.g. fr, en)' };

@ApiTags('configuration')
@ApiBearerAuth()
@ApiHeader({ name: 'accept-language', required: false, description: 'Language of labels; default from the country pack' })
@ApiQuery(LOCALE_QUERY)
@Controller()
export class ConfigReadController {
  constructor(private readonly config: ConfigReadService) {}

  @Get('forms')
  @ApiOperation({ summary: 'Current forms the actor may read: id, version, recordType, localized title, access read|write' })
  listForms(@CurrentActor() actor: Actor, @RequestedLocale() locale?: string) {
    return { data: this.config.listForms(actor, locale) };
  }

  @Get('forms/:formId')
  @ApiOperation({ summary: 'A form localized, with jsonSchema (what the server validates) and uiSchema (JSON Forms), limited to readable fields' })
  getForm(@CurrentActor() actor: Actor, @Param('formId') formId: string, @RequestedLocale() locale?: string) {
    return { data: this.config.getForm(actor, formId, locale) };
  }

  @Get('forms/:formId/versions/:version')
  @ApiOperation({ summary: 'A published version of a form (older ones stay readable: stored cases refer to them)' })
  getFormVersion(@CurrentActor() actor: Actor, @Param('formId') formId: string, @Param('version') version: string, @RequestedLocale() locale?: string) {
    return { data: this.config.getFormVersion(actor, formId, version, locale) };
  }

  @Get('lookups')
  @ApiOperation({ summary: 'Every option list, localized' })
  listLookups(@CurrentActor() actor: Actor, @RequestedLocale() locale?: string) {
    return { data: this.config.listLookups(actor, locale) };
  }

  @Get('lookups/:id')
  @ApiOperation({ summary: 'One option list, localized (disabled options are flagged: stored values stay valid)' })
  getLookup(@CurrentActor() actor: Actor, @Param('id') id: string, @RequestedLocale() locale?: string) {
    return { data: this.config.getLookup(actor, id, locale) };
  }

  @Get('locations')
  @ApiOperation({ summary: 'Location nodes: children of parent (roots without it), level, text search q; paged (page, per ≤ 500)' })
  @ApiQuery({ name: 'parent', required: false })
  @ApiQuery({ name: 'level', required: false, type: Number })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'includeDisabled', required: false, type: Boolean })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'per', required: false, type: Number })
  listLocations(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @RequestedLocale() locale?: string) {
    return this.config.listLocations(actor, query, locale);
  }

  @Get('workflows/:id')
  @ApiOperation({ summary: 'A workflow: states, transitions, approval types and timers, localized' })
  getWorkflow(@CurrentActor() actor: Actor, @Param('id') id: string, @RequestedLocale() locale?: string) {
    return { data: this.config.getWorkflow(actor, id, locale) };
  }
}
