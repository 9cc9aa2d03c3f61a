import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthService } from '@tutela/cases';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live(): { data: { status: string } } {
    return { data: { status: 'ok' } };
  }

  @Get('ready')
  @ApiOperation({ summary: 'PostgreSQL, the queue backend and the configuration answer; 503 otherwise' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const result = await this.health.readiness();
    if (!result.ready) void reply.status(503);
    return { data: result };
  }
}
