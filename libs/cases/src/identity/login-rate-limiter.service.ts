import { Inject, Injectable } from '@nestjs/common';
import { TutelaConfig, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { TUTELA_CONFIG } from '../core/tokens';

/**
 * Login attempts per IP and per username (rate-limiter-flexible, PostgreSQL store: shared by every API replica and
 * available in both deployment modes). Complements the account lockout, which counts consecutive failures.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perIp: RateLimiterPostgres;
  private readonly perUsername: RateLimiterPostgres;

  constructor(db: Database, @Inject(TUTELA_CONFIG) config: TutelaConfig) {
    const storeClient = (db.dataSource.driver as unknown as { master: unknown }).master;
    const common = { storeClient, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, duration: 60 };
    this.perIp = new RateLimiterPostgres({ ...common, keyPrefix: 'login_ip', points: config.loginAttemptsPerIpPerMinute });
    this.perUsername = new RateLimiterPostgres({ ...common, keyPrefix: 'login_user', points: config.loginAttemptsPerUsernamePerMinute });
  }

  async consume(ip: string | undefined, username: string): Promise<void> {
    try {
      await Promise.all([this.perIp.consume(ip ?? 'unknown'), this.perUsername.consume(username.toLowerCase())]);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw new TutelaError('RATE_LIMITED', 'Too many login attempts; try again later', [], { 'retry-after': retryAfter });
    }
  }
}
