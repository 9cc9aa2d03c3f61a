/**
 * A small seeded PRNG (sfc32) and the draws the generator needs. Math.random cannot be seeded, and the dataset must
 * be reproducible: the same seed on an empty database gives the same cases, so figures compare across runs.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string | number) {
    // cyrb128-style mixing spreads any seed (even 1, 2, 3) over the whole 128-bit state.
    const text = String(seed);
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < text.length; i++) {
      const k = text.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    this.a = h1 >>> 0;
    this.b = h2 >>> 0;
    this.c = h3 >>> 0;
    this.d = h4 >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `weights[i]` is the relative weight of `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let draw = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      draw -= weights[i];
      if (draw < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** `count` distinct items (fewer if there are not enough), in draw order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += Math.floor(this.next() * 10);
    return out;
  }

  /** A version-4 UUID drawn from this generator (crypto.randomUUID cannot be seeded); hot, hence the table. */
  uuid(): string {
    const w0 = this.uint32();
    const w1 = this.uint32();
    const w2 = this.uint32();
    const w3 = this.uint32();
    const byte = (w: number, shift: number) => HEX[(w >>> shift) & 0xff];
    return (
      byte(w0, 24) + byte(w0, 16) + byte(w0, 8) + byte(w0, 0) + '-' +
      byte(w1, 24) + byte(w1, 16) + '-' +
      HEX[0x40 | ((w1 >>> 8) & 0x0f)] + byte(w1, 0) + '-' +
      HEX[0x80 | ((w2 >>> 24) & 0x3f)] + byte(w2, 16) + '-' +
      byte(w2, 8) + byte(w2, 0) + byte(w3, 24) + byte(w3, 16) + byte(w3, 8) + byte(w3, 0)
    );
  }
}
