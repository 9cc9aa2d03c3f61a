import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DuplicateCandidateRepository } from './duplicate-candidate.repository';
import { DuplicateCheckService } from './duplicate-check.service';
import { DuplicateMatcher } from './duplicate-matcher.service';
import { DuplicateResolutionService } from './duplicate-resolution.service';
import { DuplicateScanService } from './duplicate-scan.service';
import { NameFrequencyCache } from './name-frequency-cache';
import { NameTokenizer } from './name-tokenizer';

const providers = [DuplicateCandidateRepository, DuplicateMatcher, DuplicateCheckService, DuplicateScanService, DuplicateResolutionService, NameTokenizer, NameFrequencyCache];

/** Duplicate detection (docs/duplicates.md): checks, the background scan and resolutions. */
@Module({ imports: [CasesModule], providers, exports: providers })
export class DuplicatesModule {}
