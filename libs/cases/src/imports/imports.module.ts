import { Module } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CasesModule } from '../cases/cases.module';
import { ImportBatchWriter } from './import-batch-writer';
import { ImportCasePreparer } from './import-case-preparer';
import { ImportRunner } from './import-runner.service';
import { ImportRepository } from './import.repository';
import { ImportService } from './import.service';

const providers = [ImportRepository, ImportRunner, ImportService];
const internal = [ImportBatchWriter, ImportCasePreparer, AuditService];

// AuditService is stateless (the pool only): provided here too, as the worker does not load the identity module.
@Module({ imports: [CasesModule], providers: [...providers, ...internal], exports: providers })
export class ImportsModule {}
