import { PASSWORD_POLICY_MESSAGES, checkPasswordPolicy } from './password.policy';

describe('checkPasswordPolicy', () => {
  it.each([
    ['Kanaga-Falaise-27', 'worker1', []],
    ['tambour de bamako 1960', 'worker1', []],
    ['ÉTÉ-à-Ségou-2026', 'worker1', []],
    ['Short-1a', 'worker1', ['too_short']],
    ['Sahel-Worker1-2026', 'worker1', ['contains_username']],
    ['sahel-WORKER1-2026', 'Worker1', ['contains_username']],
    ['alllowercaseletters', 'worker1', ['too_few_character_classes']],
    ['lowercase and spaces', 'worker1', ['too_few_character_classes']],
    ['Password123!', 'worker1', ['too_common']],
    ['Azerty123456', 'worker1', ['too_common']],
    ['Tutela-demo-2026!', 'worker1', ['too_common']],
    ['abc', 'abc', ['too_short', 'contains_username', 'too_few_character_classes']],
    [`Aa1-${'x'.repeat(125)}`, 'worker1', ['too_long']],
  ])('%j for %s → %j', (password, username, expected) => {
    expect(checkPasswordPolicy(password, { username })).toEqual(expected);
  });

  it('counts characters, not UTF-16 units, and ignores usernames too short to matter', () => {
    expect(checkPasswordPolicy('😀😀😀😀😀😀Aa1', { username: 'x' })).toEqual(['too_short']);
    expect(checkPasswordPolicy('Xylophone-Ok-12', { username: 'ok' })).toEqual([]);
    expect(checkPasswordPolicy('Xylophone-Ok-12')).toEqual([]);
  });

  it('has a message for every problem in English and French', () => {
    for (const locale of ['en', 'fr'] as const) {
      expect(Object.keys(PASSWORD_POLICY_MESSAGES[locale]).sort()).toEqual(
        ['contains_username', 'too_common', 'too_few_character_classes', 'too_long', 'too_short'],
      );
    }
  });
});
