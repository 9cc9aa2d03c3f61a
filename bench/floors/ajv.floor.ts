import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export interface AjvFloorResult {
  validationsPerSecond: number;
  /** Samples the schema rejects: a floor measured on the error path would not be a floor of the valid path. */
  invalidSamples: number;
}

/**
 * Validations per second of a bare Ajv (2020-12, all errors, the formats the forms engine enables) compiled once
 * from `schema`, cycling through `samples` for `durationMs`. Usable by any scenario that wants its own same-schema
 * floor.
 */
export function measureAjvFloor(schema: object, samples: readonly unknown[], durationMs: number): AjvFloorResult {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv, ['date', 'date-time', 'uuid', 'regex']);
  const validate = ajv.compile(schema);
  const invalidSamples = samples.filter((s) => !validate(s)).length;
  // Warm-up: let V8 optimise the generated validator before it is timed.
  for (let i = 0; i < 20_000; i++) validate(samples[i % samples.length]);
  let count = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  // Check the clock every 1,000 calls: reading it per call would cost as much as a small validation.
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) validate(samples[(count + i) % samples.length]);
    count += 1000;
  }
  return { validationsPerSecond: Math.round((count * 1000) / (performance.now() - started)), invalidSamples };
}
