import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestMeta } from '@tutela/common';
import { ExportRequestBody, ExportService } from '@tutela/cases';
import * as fs from 'node:fs';
import { CurrentActor, Meta } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { createExportSchema } from './export.schemas';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start an export of the cases matching the filters (403 without the export permission)' })
  @ApiBody({ schema: createExportSchema })
  async create(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(createExportSchema)) body: ExportRequestBody & { password?: string }, @Meta() meta: RequestMeta) {
    return { data: await this.exports.create(actor, body, meta) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status and progress of one of your exports' })
  async get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Export')) id: string) {
    return { data: await this.exports.get(actor, id) };
  }

  @Get(':id/file')
  @ApiOperation({ summary: 'Download your finished export (audited); 409 not ready, 410 expired' })
  async file(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Export')) id: string, @Meta() meta: RequestMeta) {
    const file = await this.exports.download(actor, id, meta);
    return new StreamableFile(fs.createReadStream(file.file), { type: file.contentType, disposition: `attachment; filename="${file.name}"` });
  }
}
