import { BREAK_GLASS_MAX_MINUTES, createBreakGlassGrant } from './break-glass';

describe('createBreakGlassGrant', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it('grants the case for the default hour, or the requested duration', () => {
    expect(createBreakGlassGrant({ caseId: 'c1', reason: 'Child reported missing tonight', now })).toEqual({
      caseId: 'c1',
      kind: 'break_glass',
      forms: '*',
      expiresAt: new Date('2026-03-01T11:00:00Z'),
    });
    expect(createBreakGlassGrant({ caseId: 'c1', reason: 'Child reported missing tonight', now, durationMinutes: 15 }).expiresAt).toEqual(
      new Date('2026-03-01T10:15:00Z'),
    );
  });

  it.each([
    [{ reason: 'urgent' }, ['/reason']],
    [{ reason: '          x         ' }, ['/reason']],
    [{ reason: 'Child reported missing', durationMinutes: 0 }, ['/durationMinutes']],
    [{ reason: 'Child reported missing', durationMinutes: BREAK_GLASS_MAX_MINUTES + 1 }, ['/durationMinutes']],
    [{ reason: 'Child reported missing', durationMinutes: 1.5 }, ['/durationMinutes']],
    [{ reason: '', durationMinutes: -5 }, ['/reason', '/durationMinutes']],
  ])('refuses %j with a 422 naming %j', (request, paths) => {
    expect(() => createBreakGlassGrant({ caseId: 'c1', now, ...request })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: paths.map((path) => expect.objectContaining({ path })) }),
    );
  });
});
