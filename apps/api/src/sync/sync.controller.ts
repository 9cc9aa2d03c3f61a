import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { SyncPullService, SyncPushInput, SyncPushService } from '@tutela/cases';
import { CurrentActor } from '../auth/request-context';
import { JsonBodyPipe } from '../http/json-body.pipe';
import { syncPushSchema } from './sync.schemas';

@ApiTags('sync')
@ApiBearerAuth()
@Controller('sync/cases')
export class SyncController {
  constructor(
    private readonly pulls: SyncPullService,
    private readonly pushes: SyncPushService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Cases changed (or no longer visible: {id, removed: true}) since the cursor, a page at a time, with the configuration versions and the next cursor' })
  @ApiQuery({ name: 'since', required: false, description: 'meta.next of the previous page; omit for a full sync' })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  pull(@CurrentActor() actor: Actor, @Query() query: { since?: string; limit?: string }) {
    return this.pulls.pull(actor, query);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Offline edits and notes: per item applied (new version), conflict (fields changed on both sides), invalid, forbidden or not_found' })
  @ApiBody({ schema: syncPushSchema })
  push(@CurrentActor() actor: Actor, @Body(new JsonBodyPipe(syncPushSchema)) body: SyncPushInput) {
    return this.pushes.push(actor, body);
  }
}
