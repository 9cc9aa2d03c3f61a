import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { IdentityModule } from '../identity/identity.module';
import { ConfigBundleService } from './config-bundle.service';
import { ConfigPublisher } from './config-publisher.service';
import { ConfigReadService } from './config-read.service';
import { FormAdminService } from './form-admin.service';
import { LocationImportService } from './location-import.service';
import { LookupAdminService } from './lookup-admin.service';

const providers = [ConfigReadService, ConfigPublisher, FormAdminService, LookupAdminService, LocationImportService, ConfigBundleService];

/** The configuration routes' services: reading for front ends, publishing for administrators (`manage_config`). */
@Module({ imports: [AdminModule, IdentityModule], providers, exports: providers })
export class ConfigEndpointsModule {}
