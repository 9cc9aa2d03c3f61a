import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: short ids are read aloud over the phone and copied onto paper forms. */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** 7 characters from 31: 27 billion values; a collision is retried by the caller (unique index). */
export function newShortId(): string {
  let id = '';
  for (let i = 0; i < 7; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
