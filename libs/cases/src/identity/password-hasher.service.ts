import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (@node-rs/argon2: prebuilt, no compiler needed) with OWASP's minimum parameters (19 MiB, 2 passes). A
 * dummy hash lets a login for an unknown user cost the same time as a real one, so timing does not reveal accounts.
 */
@Injectable()
export class PasswordHasher {
  // Algorithm.Argon2id; the enum is `const` in the typings, which swc's per-file compilation cannot inline.
  private static readonly options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, PasswordHasher.options);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (!passwordHash) {
      this.dummy ??= this.hash('tutela-timing-equaliser');
      await verify(await this.dummy, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }
}
