import { Body, Controller, Get, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { ApprovalService } from '@tutela/cases';
import type { FastifyReply } from 'fastify';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { LocalizedActor } from './localized-actor.decorator';
import { approvalDecisionSchema, approvalRequestSchema } from './workflow.schemas';

@ApiTags('workflow')
@ApiBearerAuth()
@Controller('cases/:id/approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalService) {}

  @Get()
  @ApiOperation({ summary: 'Approvals of the case, oldest first (cleared ones are stale)' })
  async list(@LocalizedActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
    return { data: await this.approvals.list(actor, id) };
  }

  @Post()
  @ApiOperation({ summary: 'Request an approval: 201; 403 without request permission; 409 not requestable now or already pending; 422 unknown type' })
  @ApiBody({ schema: approvalRequestSchema })
  async request(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Body(new JsonBodyPipe(approvalRequestSchema)) body: { type: string; comment?: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.approvals.request(actor, id, body);
    void reply.status(201).header('location', `/api/v1/cases/${id}/approvals/${view.id}`);
    return { data: view };
  }

  @Patch(':approvalId')
  @ApiOperation({ summary: 'Approve or reject: 200; 403 without the permission or for self-approval; 409 already decided' })
  @ApiBody({ schema: approvalDecisionSchema })
  async decide(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Param('approvalId', new UuidParam('Approval')) approvalId: string,
    @Body(new JsonBodyPipe(approvalDecisionSchema)) body: { decision: 'approved' | 'rejected'; comment?: string },
  ) {
    return { data: await this.approvals.decide(actor, id, approvalId, body) };
  }
}
