import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { CaseData, CaseListService, CaseService, CaseView } from '@tutela/cases';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { versionPrecondition } from '../http/version-precondition';
import { createCaseSchema, updateCaseSchema } from './case.schemas';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CaseService,
    private readonly lists: CaseListService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a case: 201, or 200 with the first result when the client id was already used by you' })
  @ApiBody({ schema: createCaseSchema })
  async create(
    @CurrentActor() actor: Actor,
    @Body(new JsonBodyPipe(createCaseSchema)) body: { id?: string; module?: string; data: CaseData },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { view, created } = await this.cases.create(actor, body);
    void reply.status(created ? 201 : 200).header('etag', etag(view)).header('location', `/api/v1/cases/${view.id}`);
    return { data: view };
  }

  @Get()
  @ApiOperation({ summary: 'List and search cases the actor may see (filters, q, phonetic, sort, page/per or cursor, fields)' })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.lists.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case; 404 if missing or not visible' })
  async get(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const view = await this.cases.get(actor, id);
    void reply.header('etag', etag(view));
    return { data: view };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Partial update with If-Match (412) or a body version (409); 422 invalid data; 403 unwritable fields' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiBody({ schema: updateCaseSchema })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new JsonBodyPipe(updateCaseSchema)) body: { version?: number; data: CaseData },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.cases.update(actor, id, body.data, versionPrecondition(ifMatch, body.version));
    void reply.header('etag', etag(view));
    return { data: view };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable (soft delete) a case' })
  async disable(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    await this.cases.disable(actor, id, versionPrecondition(ifMatch, undefined));
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Events with actor, time, action and field diffs, limited to readable fields' })
  async history(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
    return { data: await this.cases.history(actor, id) };
  }
}

const etag = (view: CaseView) => `"${view.version}"`;
