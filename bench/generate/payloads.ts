import * as path from 'node:path';
import { registrationData } from './case-data';
import { loadLocations } from './locations';
import { narrative } from './case-texts';
import { drawPerson, isoDate } from './person';
import { Random } from './random';
import { loadVocabulary } from './vocabulary';

export interface CasePayloadOptions {
  seed?: string | number;
  packDir?: string;
  /** Registration date of every payload (default: now). */
  at?: Date;
}

/**
 * `count` bodies for `POST /cases` (`{"data": …}`, about 2 KB each: registration, identity, family, protection
 * concerns), drawn like the generated cases. The HTTP floor echoes the same bodies the create scenario sends.
 */
export function casePayloads(count: number, options: CasePayloadOptions = {}): Array<{ data: Record<string, unknown> }> {
  const packDir = options.packDir ?? path.resolve('form-definitions', 'mli');
  const rng = new Random(`payloads:${options.seed ?? 1}`);
  const vocabulary = loadVocabulary(packDir);
  const locations = loadLocations(packDir);
  const indices = locations.assignable.map((_, i) => i);
  const at = options.at ?? new Date();
  return Array.from({ length: count }, () => {
    const person = drawPerson(rng, at, rng.weighted(indices, locations.weights), rng.chance(0.88) ? 'mali' : rng.pick(vocabulary.lookups.nationality));
    const code = locations.assignable[person.locationIndex].code;
    const data = registrationData(rng, person, code, at, vocabulary, () => rng.pick(locations.assignable).code);
    // A first interview is written down at registration: the details and a note bring the body to ~2 KB.
    data.protection_concern_details = narrative(rng, rng.int(4, 6));
    data.case_notes = [{ note_date: isoDate(at), note_subject: 'Premier entretien', note_text: narrative(rng, rng.int(4, 6)) }];
    return { data };
  });
}
