/** One problem in an access definition: the pack-relative file when known, a JSON pointer and a message. */
export interface DefinitionIssue {
  file?: string;
  path: string;
  message: string;
}

/** A definition to validate, with the file it came from (absent for admin API bodies). */
export interface DefinitionSource {
  file?: string;
  definition: unknown;
}
