import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, TutelaError } from '@tutela/common';
import { TransitionRequestService } from '@tutela/cases';
import type { FastifyReply } from 'fastify';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { LocalizedActor } from './localized-actor.decorator';
import { preferWaitMs } from './prefer-wait';
import { transitionRequestSchema } from './workflow.schemas';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

@ApiTags('workflow')
@ApiBearerAuth()
@Controller('cases/:id/transitions')
export class TransitionsController {
  constructor(private readonly transitions: TransitionRequestService) {}

  @Get()
  @ApiOperation({ summary: 'Transitions from the current state, each with whether its guards pass for you and why not' })
  async available(@LocalizedActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
    return { data: await this.transitions.available(actor, id) };
  }

  @Post()
  @ApiOperation({ summary: 'Request a transition: 202 queued; with Prefer: wait=N (≤ 30) 200 once applied/rejected in time; 409 not allowed from the state' })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N seconds (at most 30)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: transitionRequestSchema })
  async request(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Body(new JsonBodyPipe(transitionRequestSchema)) body: { transition: string; note?: string },
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw TutelaError.badRequest('Idempotency-Key must be 1-200 visible ASCII characters', [{ path: '/headers/idempotency-key', code: 'pattern', message: 'Invalid key' }]);
    }
    const { view } = await this.transitions.request(actor, id, body, idempotencyKey ?? null);
    const waitMs = preferWaitMs(prefer);
    const result = waitMs !== null && view.status === 'queued' ? await this.transitions.waitForDecision(actor, id, view.id, waitMs) : view;
    void reply.status(result.status === 'queued' ? 202 : 200).header('location', `/api/v1/cases/${id}/transitions/${result.id}`);
    if (waitMs !== null) void reply.header('preference-applied', `wait=${Math.round(waitMs / 1000)}`);
    return { data: result };
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'A transition request: queued, applied (with the new state) or rejected (reason code and localized reason)' })
  async get(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Param('requestId', new UuidParam('Transition request')) requestId: string,
  ) {
    return { data: await this.transitions.get(actor, id, requestId) };
  }
}
