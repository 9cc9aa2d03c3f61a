import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { CaseTransferService, NewTransfer, TransferKind } from '@tutela/cases';
import type { FastifyReply } from 'fastify';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { LocalizedActor } from './localized-actor.decorator';
import { newTransferSchema, transferResponseSchema } from './workflow.schemas';

/**
 * Referrals and transfers share their routes, rules and service (CaseTransferService): one controller class per kind,
 * built here, mounted at `cases/:id/referrals` and `cases/:id/transfers`.
 */
function caseTransfersController(kind: TransferKind, path: string, label: string): Type<unknown> {
  const item = `${kind}Id`;

  @ApiTags('workflow')
  @ApiBearerAuth()
  @Controller(`cases/:id/${path}`)
  class CaseTransfersController {
    constructor(private readonly transfers: CaseTransferService) {}

    @Get()
    @ApiOperation({ summary: `${label}s of the case` })
    async list(@LocalizedActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
      return { data: await this.transfers.list(actor, id, kind) };
    }

    @Post()
    @ApiOperation({ summary: `Start a ${kind} (201): the recipient can read the case; 403 without the permission; 409 without consent; 422 bad recipient or form` })
    @ApiBody({ schema: newTransferSchema })
    async create(
      @LocalizedActor() actor: Actor,
      @Param('id', new UuidParam('Case')) id: string,
      @Body(new JsonBodyPipe(newTransferSchema)) body: NewTransfer,
      @Res({ passthrough: true }) reply: FastifyReply,
    ) {
      const view = await this.transfers.create(actor, id, kind, body);
      void reply.status(201).header('location', `/api/v1/cases/${id}/${path}/${view.id}`);
      return { data: view };
    }

    @Patch(`:${item}`)
    @ApiOperation({ summary: 'The recipient accepts, rejects (reason required) or marks done; 403 for anyone else; 409 from the wrong status' })
    @ApiBody({ schema: transferResponseSchema })
    async respond(
      @LocalizedActor() actor: Actor,
      @Param('id', new UuidParam('Case')) id: string,
      @Param(item, new UuidParam(label)) itemId: string,
      @Body(new JsonBodyPipe(transferResponseSchema)) body: { status: 'accepted' | 'rejected' | 'done'; reason?: string },
    ) {
      return { data: await this.transfers.respond(actor, id, kind, itemId, body) };
    }

    @Delete(`:${item}`)
    @HttpCode(204)
    @ApiOperation({ summary: 'Revoke (the sender or a supervisor): the recipient loses access' })
    async revoke(@LocalizedActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string, @Param(item, new UuidParam(label)) itemId: string): Promise<void> {
      await this.transfers.revoke(actor, id, kind, itemId);
    }
  }
  // Distinct names keep Nest's logs and the OpenAPI operation ids apart.
  Object.defineProperty(CaseTransfersController, 'name', { value: `${label}sController` });
  return CaseTransfersController;
}

export const ReferralsController = caseTransfersController('referral', 'referrals', 'Referral');
export const TransfersController = caseTransfersController('transfer', 'transfers', 'Transfer');
