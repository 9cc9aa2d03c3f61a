import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { TutelaConfig } from '@tutela/common';
import { QueueConnection } from '../queue/queue-connection';
import { TUTELA_CONFIG } from './tokens';

@Injectable()
export class QueueLifecycle implements OnApplicationShutdown {
  constructor(private readonly queues: QueueConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }
}

export const queueProvider = {
  provide: QueueConnection,
  inject: [TUTELA_CONFIG],
  useFactory: (config: TutelaConfig): QueueConnection =>
    new QueueConnection({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl as string, prefix: config.queuePrefix }),
};
