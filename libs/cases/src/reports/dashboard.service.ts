import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { AccessContext } from '../cases/access-context.service';
import { AggregateResult, AggregateService } from './aggregate.service';
import { parseAggregateRequest } from './aggregate-request';
import { DashboardDefinition, StatsSettings } from './stats-settings';

export interface DashboardSummary {
  id: string;
  name: Record<string, string>;
  widgets: string[];
}

/**
 * Dashboards are named sets of aggregates (form-definitions/<country>/dashboards.json). Each widget is the aggregate
 * endpoint with fixed parameters, so a dashboard never shows what the aggregate endpoint would refuse the actor.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly aggregates: AggregateService,
    private readonly settings: StatsSettings,
  ) {}

  async list(actor: Actor): Promise<DashboardSummary[]> {
    const ctx = await this.aggregates.statsContext(actor);
    return this.settings.dashboards.filter((d) => visibleTo(ctx, d)).map((d) => ({ id: d.id, name: d.name, widgets: d.widgets.map((w) => w.id) }));
  }

  /** Unknown or not for this role → 404; widgets run concurrently (each one statement). */
  async get(actor: Actor, id: string): Promise<{ id: string; name: Record<string, string>; widgets: Array<{ id: string } & AggregateResult> }> {
    const ctx = await this.aggregates.statsContext(actor);
    const dashboard = this.settings.dashboards.find((d) => d.id === id && visibleTo(ctx, d));
    if (!dashboard) throw TutelaError.notFound('Dashboard');
    const widgets = await Promise.all(
      dashboard.widgets.map(async (w) => {
        const request = parseAggregateRequest({ ...(w.filters ?? {}), metric: w.metric, groupBy: w.groupBy.join(','), ...(w.level === undefined ? {} : { level: String(w.level) }) });
        return { id: w.id, ...(await this.aggregates.run(ctx, request)) };
      }),
    );
    return { id: dashboard.id, name: dashboard.name, widgets };
  }
}

function visibleTo(ctx: AccessContext, dashboard: DashboardDefinition): boolean {
  return dashboard.audience !== 'operational' || ctx.role.flags?.statsOnly !== true;
}
