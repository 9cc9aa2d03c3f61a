import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter.service';
import { PasswordHasher } from './password-hasher.service';
import { SessionCache } from './session-cache.service';
import { TokenService } from './token.service';

@Module({
  providers: [AuditService, AuthService, LoginRateLimiter, PasswordHasher, SessionCache, TokenService],
  exports: [AuditService, AuthService, PasswordHasher, SessionCache],
})
export class IdentityModule {}
