import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter.service';
import { PasswordHasher } from './password-hasher.service';
import { TokenService } from './token.service';

@Module({
  providers: [AuditService, AuthService, LoginRateLimiter, PasswordHasher, TokenService],
  exports: [AuditService, AuthService, PasswordHasher],
})
export class IdentityModule {}
