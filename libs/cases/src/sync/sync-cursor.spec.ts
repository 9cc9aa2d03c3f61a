import { TutelaError } from '@tutela/common';
import { decodeCursor, encodeCursor } from './sync-cursor';

describe('sync cursor', () => {
  const position = { stream: '0b0e4c1e-2f7a-4a55-9a1e-6f1c2b3d4e5f', xid: '123456789012', seq: '42', removed: '7', access: 'abcDEF-_123' };

  it('round-trips what the server issued', () => {
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64 json', '%%%'],
    ['a number where a decimal string is expected', Buffer.from(JSON.stringify({ v: 1, s: position.stream, x: 1, q: '1', r: '0', k: 'a' })).toString('base64url')],
    ['SQL in a position', Buffer.from(JSON.stringify({ v: 1, s: position.stream, x: "1'; DROP TABLE cases; --", q: '1', r: '0', k: 'a' })).toString('base64url')],
    ['a stream that is not a uuid', Buffer.from(JSON.stringify({ v: 1, s: 'x', x: '1', q: '1', r: '0', k: 'a' })).toString('base64url')],
    ['an unknown version', Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(encodeCursor(position), 'base64url').toString()), v: 2 })).toString('base64url')],
  ])('rejects %s with 400 naming since', (_label, raw) => {
    let error: unknown;
    try {
      decodeCursor(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TutelaError);
    expect((error as TutelaError).status).toBe(400);
    expect((error as TutelaError).details[0]).toMatchObject({ path: 'since', code: 'invalid_cursor' });
  });
});
