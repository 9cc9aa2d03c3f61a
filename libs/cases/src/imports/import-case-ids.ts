import { uuidV5 } from './name-uuid';

/** Namespace of the case ids derived from (file hash, row number): the same file always yields the same ids. */
const IMPORT_NAMESPACE = '4f0c7d9e-7a51-5c1e-9a8f-2b6d3e1c0a77';

/** The id the case of an import row gets (rows are numbered from 1 in file order). */
export function importCaseId(fileHash: string, row: number): string {
  return uuidV5(`${fileHash}:${row}`, IMPORT_NAMESPACE);
}
