import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestMeta } from '@tutela/common';
import { ConfigBundleService, FormAdminService, LocationImportService, LookupAdminService } from '@tutela/cases';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Meta } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { bundleSchema, formDefinitionBodySchema, locationImportSchema, lookupDefinitionBodySchema } from './config.schemas';

/** 201 when a new version was published, 200 when the body equals the current version (nothing published). */
const publishedStatus = (reply: FastifyReply, published: boolean): void => void reply.status(published ? 201 : 200);

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminConfigController {
  constructor(
    private readonly forms: FormAdminService,
    private readonly lookups: LookupAdminService,
    private readonly locations: LocationImportService,
    private readonly bundles: ConfigBundleService,
  ) {}

  @Post('forms/:formId/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dry run of a form definition against the whole pack: 200 with warnings, or 422 with every problem (manage_config)' })
  @ApiBody({ schema: formDefinitionBodySchema })
  async validateForm(@CurrentActor() actor: Actor, @Param('formId') formId: string, @Body(new JsonBodyPipe(formDefinitionBodySchema)) body: Record<string, unknown>) {
    return { data: await this.forms.validate(actor, formId, body) };
  }

  @Put('forms/:formId')
  @ApiOperation({ summary: 'Publish a new immutable form version (201 with version; 200 if unchanged); every process applies it without restart' })
  @ApiBody({ schema: formDefinitionBodySchema })
  async publishForm(@CurrentActor() actor: Actor, @Param('formId') formId: string, @Body(new JsonBodyPipe(formDefinitionBodySchema)) body: Record<string, unknown>, @Meta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = await this.forms.publish(actor, formId, body, meta);
    publishedStatus(reply, data.published);
    return { data };
  }

  @Put('lookups/:id')
  @ApiOperation({ summary: 'Publish a new lookup version (201; 200 if unchanged); options may be disabled, never removed (422); locked lookups 403' })
  @ApiBody({ schema: lookupDefinitionBodySchema })
  async publishLookup(@CurrentActor() actor: Actor, @Param('id') id: string, @Body(new JsonBodyPipe(lookupDefinitionBodySchema)) body: Record<string, unknown>, @Meta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = await this.lookups.publish(actor, id, body, meta);
    publishedStatus(reply, data.published);
    return { data };
  }

  @Post('locations/import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/json')
  @ApiOperation({ summary: 'Import locations from CSV: 422 with every problem (row and column), else applied: counts of created, updated, unchanged' })
  @ApiBody({ schema: locationImportSchema })
  async importLocations(@CurrentActor() actor: Actor, @Body() body: unknown, @Meta() meta: RequestMeta) {
    return { data: await this.locations.importCsv(actor, body, meta) };
  }

  @Get('config/export')
  @ApiOperation({ summary: 'The whole country configuration as one bundle, in the pack layout (manage_config)' })
  async exportConfig(@CurrentActor() actor: Actor) {
    return { data: await this.bundles.export(actor) };
  }

  @Post('config/import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import a bundle: 422 with every problem and nothing applied, else what changed is published in one transaction' })
  @ApiBody({ schema: bundleSchema })
  async importConfig(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(bundleSchema)) body: { files: Record<string, unknown> }, @Meta() meta: RequestMeta) {
    return { data: await this.bundles.import(actor, body, meta) };
  }
}
