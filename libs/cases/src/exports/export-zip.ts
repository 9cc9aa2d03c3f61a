import { once } from 'node:events';
import * as fs from 'node:fs';

/**
 * archiver 8 (the project's) is ESM-only and has no plugin registry; the AES plugin ships with the archiver 7 it was
 * built for, which is CommonJS. Using that copy keeps the encryption in the maintained plugin, not in our code.
 */
interface ZipArchive {
  pipe(out: NodeJS.WritableStream): void;
  file(path: string, data: { name: string }): void;
  finalize(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface ArchiverModule {
  registerFormat(name: string, plugin: unknown): void;
  isRegisteredFormat(name: string): boolean;
  create(format: string, options: Record<string, unknown>): ZipArchive;
}
let archiverModule: ArchiverModule | undefined;
/** Loaded by the first protected export, not at every process start (archiver and its plugin cost ~0.2 s of CPU). */
function archiver(): ArchiverModule {
  if (archiverModule) return archiverModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('archiver-zip-encrypted/node_modules/archiver') as ArchiverModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!loaded.isRegisteredFormat('zip-encrypted')) loaded.registerFormat('zip-encrypted', require('archiver-zip-encrypted'));
  return (archiverModule = loaded);
}

/** Writes `source` as the only entry `name` of an AES-256 encrypted zip at `target`. */
export async function writeEncryptedZip(source: string, name: string, target: string, password: string): Promise<void> {
  const out = fs.createWriteStream(target);
  const archive = archiver().create('zip-encrypted', { zlib: { level: 6 }, encryptionMethod: 'aes256', password });
  const failed = new Promise<never>((_, reject) => archive.on('error', reject));
  archive.pipe(out);
  archive.file(source, { name });
  await Promise.race([Promise.all([archive.finalize(), once(out, 'close')]), failed]);
}
