import { Inject, Injectable } from '@nestjs/common';
import { TutelaConfig } from '@tutela/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { TUTELA_CONFIG } from '../core/tokens';

/**
 * Encrypts an export password while it waits for its job (AES-256-GCM, key derived from the service secret): the
 * database and the queue never hold it in clear, and the row forgets it once the file is written.
 */
@Injectable()
export class ExportSecretBox {
  private readonly key: Buffer;

  constructor(@Inject(TUTELA_CONFIG) config: TutelaConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, 'tutela-exports', 'export-password-v1', 32));
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
