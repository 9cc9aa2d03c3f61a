import { Injectable } from '@nestjs/common';
import { DuplicateScanService, JobPayloads, ScanResult } from '@tutela/cases';
import { JobHandler } from './job-handler.decorator';

@Injectable()
export class DuplicatesProcessor {
  constructor(private readonly scans: DuplicateScanService) {}

  @JobHandler('cases:scan-duplicates')
  handle(payload: JobPayloads['cases:scan-duplicates']): Promise<ScanResult> {
    return this.scans.scan(payload.caseId);
  }

  /** The same scan; only the job's priority differs (queue contract). */
  @JobHandler('cases:scan-duplicates-bulk')
  handleBulk(payload: JobPayloads['cases:scan-duplicates-bulk']): Promise<ScanResult> {
    return this.scans.scan(payload.caseId);
  }
}
