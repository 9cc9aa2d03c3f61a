import { Injectable } from '@nestjs/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { ConfigurationService } from '../configuration/configuration.service';
import { CandidateRow, DuplicateCandidateRepository } from './duplicate-candidate.repository';
import { MatchingConfig } from './matching-config';
import { buildProfile, normalizeIdentifierValue } from './match-profile';
import { MatchResult, scoreMatch } from './match-scorer';
import { expectedNamesakes } from './name-frequencies';
import { NameFrequencyCache } from './name-frequency-cache';
import { NameTokenizer } from './name-tokenizer';

export interface ScoredCandidate {
  row: CandidateRow;
  match: MatchResult & { likelihood: NonNullable<MatchResult['likelihood']> };
}

export interface MatchSubject {
  data: Record<string, unknown>;
  /** ltree path of the record's location (stored cases have it; a registration's is looked up from its code). */
  locationPath: string | null;
  /** A stored case being compared with the others. */
  selfId?: string;
}

/**
 * Finds and ranks the potential duplicates of one record: retrieval in SQL (indexes), scoring in TypeScript
 * (explainable, unit-tested). Access is the caller's: `visibility` marks which candidates the caller may see.
 */
@Injectable()
export class DuplicateMatcher {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly repository: DuplicateCandidateRepository,
    private readonly tokenizer: NameTokenizer,
    private readonly frequencies: NameFrequencyCache,
  ) {}

  config(): MatchingConfig {
    return this.configuration.snapshot().matching;
  }

  /** Candidates at or above the "possible" threshold, best first (ties: most recently updated first). */
  async find(subject: MatchSubject, visibility: (offset: number) => { sql: string; params: unknown[] }, executor: SqlExecutor = this.db): Promise<ScoredCandidate[]> {
    const config = this.config();
    const f = config.fields;
    const tokenFields = [...f.names.fields, ...f.names.nicknameFields, ...(f.caregiver?.fields ?? [])];
    const [tokens] = await this.tokenizer.tokenize(executor, [subject.data], tokenFields);
    const profile = buildProfile(subject.data, tokens, subject.locationPath, config);
    const nameTokens = [...profile.names, ...profile.nicknames];
    const seen = new Set<string>();
    const tokenCodes = nameTokens.filter((t) => !seen.has(t.t) && seen.add(t.t)).map((t) => t.c);
    const caregiverField = f.caregiver?.fields[0];
    const caregiver = caregiverField && typeof subject.data[caregiverField] === 'string' ? (subject.data[caregiverField] as string) : null;
    const frequencies = await this.frequencies.get(executor);
    const commonName = config.commonNames !== undefined && profile.names.length > 0 && expectedNamesakes(profile.names, frequencies) > config.commonNames.namesakes;
    const facts = await this.repository.candidates(
      executor,
      {
        tokenCodes,
        sex: profile.sex,
        birthYear: profile.birth?.year ?? null,
        dateOfBirth: profile.birth?.date ?? null,
        locationPath: subject.locationPath,
        caregiver,
        identifiers: Object.values(profile.identifiers).map(normalizeIdentifierValue),
        commonName,
      },
      config,
      visibility,
      subject.selfId,
    );
    const rowTokens = await this.tokenizer.tokenize(executor, facts.map((row) => row.data), tokenFields);
    const matches = new Map<string, ScoredCandidate['match']>();
    for (const [i, row] of facts.entries()) {
      const match = scoreMatch(profile, buildProfile(row.data, rowTokens[i], row.locationPath, config), config, frequencies);
      if (match.likelihood) matches.set(row.id, match as ScoredCandidate['match']);
    }
    // Most candidates of a common name are scored out: only the reported ones are read in full.
    const reported = facts.filter((row) => matches.has(row.id));
    const rows = await this.repository.rows(executor, reported, config);
    const scored = rows.map((row) => ({ row, match: matches.get(row.id)! }));
    return scored.sort((a, b) => b.match.score - a.match.score || new Date(b.row.updatedAt).getTime() - new Date(a.row.updatedAt).getTime());
  }
}
