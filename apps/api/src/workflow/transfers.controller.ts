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
@Controller('cases/:id/transfers')
export class TransfersController {
  constructor(private readonly transfers: CaseTransferService) {}

  @Get()
  @ApiOperation({ summary: 'Transfers of the case' })
  async list(@LocalizedActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
    return { data: await this.transfers.list(actor, id, 'transfer') };
  }

  @Post()
  @ApiOperation({ summary: 'Start a transfer (201): the recipient can read the case; 403 without the permission; 409 without consent; 422 bad recipient or form' })
  @ApiBody({ schema: newTransferSchema })
  async create(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Body(new JsonBodyPipe(newTransferSchema)) body: NewTransfer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.transfers.create(actor, id, 'transfer', body);
    void reply.status(201).header('location', `/api/v1/cases/${id}/transfers/${view.id}`);
    return { data: view };
  }

  @Patch(':transferId')
  @ApiOperation({ summary: 'The recipient accepts, rejects (reason required) or marks done; 403 for anyone else; 409 from the wrong status' })
  @ApiBody({ schema: transferResponseSchema })
  async respond(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Param('transferId', new UuidParam('Transfer')) transferId: string,
    @Body(new JsonBodyPipe(transferResponseSchema)) body: { status: 'accepted' | 'rejected' | 'done'; reason?: string },
  ) {
    return { data: await this.transfers.respond(actor, id, 'transfer', transferId, body) };
  }

  @Delete(':transferId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke (the sender or a supervisor): the recipient loses access' })
  async revoke(
    @LocalizedActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Param('transferId', new UuidParam('Transfer')) transferId: string,
  ): Promise<void> {
    await this.transfers.revoke(actor, id, 'transfer', transferId);
  }
}
