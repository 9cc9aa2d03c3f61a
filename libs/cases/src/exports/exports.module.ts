import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CasesModule } from '../cases/cases.module';
import { ExportRunner } from './export-runner.service';
import { ExportSecretBox } from './export-secret-box';
import { ExportRepository } from './export.repository';
import { ExportService } from './export.service';

const providers = [ExportRepository, ExportRunner, ExportSecretBox, ExportService];

// AuditService is stateless (the pool only): provided here too, as the worker does not load the identity module.
@Module({ imports: [CasesModule], providers: [...providers, AuditService], exports: providers })
export class ExportsModule {}
