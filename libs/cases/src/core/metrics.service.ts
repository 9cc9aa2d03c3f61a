import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QueueConnection } from '../queue/queue-connection';
import { QUEUES } from '../queue/queue-contract';

/** Prometheus metrics of this process (prom-client): runtime defaults, HTTP latency by route, queue depths. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobsProcessed: Counter<'queue' | 'job' | 'outcome'>;

  constructor(queues: QueueConnection) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tutela_' });
    this.httpDuration = new Histogram({
      name: 'tutela_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.jobsProcessed = new Counter({
      name: 'tutela_jobs_processed_total',
      help: 'Jobs processed by this worker process',
      labelNames: ['queue', 'job', 'outcome'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'tutela_queue_jobs',
      help: 'Jobs per queue and state, read from the queue backend at scrape time',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const name of Object.values(QUEUES)) {
          const counts = await queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => ({}));
          for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, Number(count));
        }
      },
    });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
