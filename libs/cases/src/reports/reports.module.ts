import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { AggregateService } from './aggregate.service';
import { CaseStatsRefreshService } from './case-stats-refresh.service';
import { DashboardService } from './dashboard.service';
import { StatsCache } from './stats-cache';
import { StatsSettings } from './stats-settings';

const providers = [AggregateService, DashboardService, StatsCache, StatsSettings, CaseStatsRefreshService];

@Module({ imports: [CasesModule], providers, exports: providers })
export class ReportsModule {}
