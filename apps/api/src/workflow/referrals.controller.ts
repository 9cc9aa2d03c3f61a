import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { CaseTransferService, NewTransfer } from '@tutela/cases';
import type { FastifyReply } from 'fastify';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { LocalizedActor } from './localized-actor.decorator';
import { newTransferSchema, transferResponseSchema } from './workflow.schemas';

@ApiTags('workflow')
@ApiBearerAuth()
@Controller('cases/:id/referrals')
export class ReferralsController {
  constructor(private readonly transfers: CaseTransferService) {}

  @Get()
  @ApiOperation({ summary: 'Referrals of the case' })
  async list(@LocalizedActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
    return { data: await this.transfers.list(actor, id, 'referral') };
  }

  @Post()
  @ApiOperation({ summary: 'Start a referral (201): the recipient can read the case; 403 without the permission; 409 without consent; 422 bad recipient or form' })
  @ApiBody({ schema: newTransferSchema })
  async create(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Body(new JsonBodyPipe(newTransferSchema)) body: NewTransfer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.transfers.create(actor, id, 'referral', body);
    void reply.status(201).header('location', `/api/v1/cases/${id}/referrals/${view.id}`);
    return { data: view };
  }

  @Patch(':referralId')
  @ApiOperation({ summary: 'The recipient accepts, rejects (reason required) or marks done; 403 for anyone else; 409 from the wrong status' })
  @ApiBody({ schema: transferResponseSchema })
  async respond(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Param('referralId', new UuidParam('Referral')) referralId: string,
    @Body(new JsonBodyPipe(transferResponseSchema)) body: { status: 'accepted' | 'rejected' | 'done'; reason?: string },
  ) {
    return { data: await this.transfers.respond(actor, id, 'referral', referralId, body) };
  }

  @Delete(':referralId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke (the sender or a supervisor): the recipient loses access' })
  async revoke(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Param('referralId', new UuidParam('Referral')) referralId: string,
  ): Promise<void> {
    await this.transfers.revoke(actor, id, 'referral', referralId);
  }
}
