import { Global, Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ConfigSeeder } from './config-seeder.service';
import { ConfigRepository } from './config.repository';
import { ConfigurationService } from './configuration.service';
import { ProfileService } from '../identity/profile.service';

@Global()
@Module({
  imports: [IdentityModule],
  providers: [ConfigRepository, ConfigSeeder, ConfigurationService, ProfileService],
  exports: [ConfigRepository, ConfigurationService, ProfileService],
})
export class ConfigurationModule {}
