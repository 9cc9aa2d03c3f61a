import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { CaseNotesService, NoteInput } from '@tutela/cases';
import { CurrentActor } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { UuidParam } from '../http/uuid-param.pipe';
import { flagSchema, noteSchema } from './case.schemas';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseNotesController {
  constructor(private readonly notes: CaseNotesService) {}

  @Post('notes')
  @ApiOperation({ summary: 'Add a note (author and time recorded; clientCreatedAt kept for notes written offline)' })
  @ApiBody({ schema: noteSchema })
  async addNote(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string, @Body(new JsonBodyPipe(noteSchema)) body: NoteInput) {
    return { data: await this.notes.addNote(actor, id, body) };
  }

  @Get('notes')
  async listNotes(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
    return { data: await this.notes.notes(actor, id) };
  }

  @Post('flags')
  @ApiOperation({ summary: 'Flag a case with a reason' })
  @ApiBody({ schema: flagSchema })
  async flag(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string, @Body(new JsonBodyPipe(flagSchema)) body: { reason: string }) {
    return { data: await this.notes.flag(actor, id, body.reason) };
  }

  @Get('flags')
  async listFlags(@CurrentActor() actor: Actor, @Param('id', new UuidParam('Case')) id: string) {
    return { data: await this.notes.flags(actor, id) };
  }

  @Patch('flags/:flagId')
  @ApiOperation({ summary: 'Unflag, with a reason' })
  @ApiBody({ schema: flagSchema })
  async unflag(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam('Case')) id: string,
    @Param('flagId', new UuidParam('Flag')) flagId: string,
    @Body(new JsonBodyPipe(flagSchema)) body: { reason: string },
  ) {
    return { data: await this.notes.unflag(actor, id, flagId, body.reason) };
  }
}
