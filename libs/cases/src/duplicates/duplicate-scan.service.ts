import { Injectable, Logger } from '@nestjs/common';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { CaseRepository } from '../cases/case.repository';
import { DuplicateMatcher } from './duplicate-matcher.service';

export interface ScanResult {
  caseId: string;
  /** Likely duplicates found (including ones already alerted). */
  likely: number;
  /** Alert rows written by this scan (0 when every pair was already alerted or decided). */
  alerts: number;
}

const ALERT_TEXT = {
  en: 'A likely duplicate of this case was registered. Check it with your supervisor before continuing.',
  fr: 'Un doublon probable de ce dossier a été enregistré. Vérifiez-le avec votre superviseur avant de continuer.',
};

/**
 * The background scan of a new or changed case (job `cases:scan-duplicates`): when a likely duplicate appears, both
 * cases get an alert for their owner and their agency's supervisors. The alert names the other case by id and agency
 * only, never by personal data, since the other case may be outside the recipient's scope. Idempotent: a pair is
 * alerted once per case (a redelivered job or a later edit does not repeat it), and pairs decided are never alerted.
 */
@Injectable()
export class DuplicateScanService {
  private readonly logger = new Logger(DuplicateScanService.name);

  constructor(
    private readonly db: Database,
    private readonly repository: CaseRepository,
    private readonly matcher: DuplicateMatcher,
  ) {}

  async scan(caseId: string): Promise<ScanResult> {
    const record = await this.repository.find(this.db, caseId);
    if (!record || record.disabled || record.mergedInto) return { caseId, likely: 0, alerts: 0 };
    // The system sees every case: access applies when people read the results, not when they are computed.
    const found = await this.matcher.find(
      { data: record.data, locationPath: (record as { locationPath?: string | null }).locationPath ?? null, selfId: caseId },
      () => ({ sql: 'TRUE', params: [] }),
    );
    const likely = found.filter((c) => c.match.likelihood === 'likely');
    let alerts = 0;
    // Both cases of a pair are scanned at once when both were just written: inserting in one global order (by case
    // ids) lets the second scan wait for the first on the unique index instead of deadlocking with it.
    const inserts = likely
      .flatMap(({ row, match }) => [{ target: record, other: row, match }, { target: row, other: record, match }])
      .sort((x, y) => x.target.id.localeCompare(y.target.id) || x.other.id.localeCompare(y.other.id));
    await this.db.transaction(async (tx) => {
      for (const { target, other, match } of inserts) {
        const inserted = await tx.query(
          `INSERT INTO alerts (id, case_id, user_id, agency_id, kind, message)
           SELECT $1, $2, $3, $4, 'duplicate', $5::jsonb
            WHERE NOT EXISTS (SELECT 1 FROM duplicate_decisions WHERE case_a = LEAST($2::uuid, $6::uuid) AND case_b = GREATEST($2::uuid, $6::uuid))
           ON CONFLICT (case_id, (message->>'otherCaseId')) WHERE kind = 'duplicate' DO NOTHING
           RETURNING id`,
          [
            randomUUID(), target.id, target.ownerId, target.agencyId,
            JSON.stringify({ text: ALERT_TEXT, otherCaseId: other.id, otherAgencyId: other.agencyId, score: match.score, likelihood: match.likelihood }),
            other.id,
          ],
        );
        alerts += inserted.length;
      }
    });
    if (alerts > 0) this.logger.log({ msg: 'duplicate alerts raised', caseId, alerts });
    return { caseId, likely: likely.length, alerts };
  }
}
