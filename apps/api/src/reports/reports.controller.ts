import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { AggregateService, DashboardService } from '@tutela/cases';
import { CurrentActor } from '../auth/request-context';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly aggregates: AggregateService,
    private readonly dashboards: DashboardService,
  ) {}

  @Get('dashboards')
  @ApiOperation({ summary: 'Dashboards the actor may see (403 without view_stats)' })
  async list(@CurrentActor() actor: Actor) {
    return { data: await this.dashboards.list(actor) };
  }

  @Get('dashboards/:id')
  @ApiOperation({ summary: 'One dashboard: its widgets computed within the actor scope; 404 unknown or not for this role' })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return { data: await this.dashboards.get(actor, id) };
  }

  @Get('reports/cases/aggregate')
  @ApiOperation({ summary: 'Counts (metric) grouped by up to two dimensions (groupBy), with the list filters of GET /cases; small cells suppressed for statistics-only roles' })
  async aggregate(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return { data: await this.aggregates.aggregate(actor, query) };
  }
}
