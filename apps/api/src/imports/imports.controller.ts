import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestMeta } from '@tutela/common';
import { ImportFormat, ImportService } from '@tutela/cases';
import { CurrentActor, Meta } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';

/** The file travels base64 in JSON: no multipart dependency, and the body limit (BODY_LIMIT_BYTES) bounds it. */
const createImportSchema = {
  type: 'object',
  required: ['format', 'content'],
  additionalProperties: false,
  properties: {
    format: { enum: ['csv', 'xlsx', 'ndjson'] },
    content: { type: 'string', minLength: 1, description: 'The file, base64-encoded (about 3/4 of BODY_LIMIT_BYTES at most)' },
  },
};

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Register the cases of a CSV, XLSX or NDJSON file in the background (each row like POST /cases)' })
  @ApiBody({ schema: createImportSchema })
  async create(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(createImportSchema)) body: { format: ImportFormat; content: string }, @Meta() meta: RequestMeta) {
    return { data: await this.imports.create(actor, body, meta) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress of one of your imports and its per-row error report' })
  async get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Import')) id: string) {
    return { data: await this.imports.get(actor, id) };
  }
}
