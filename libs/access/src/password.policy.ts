/** Stable codes a password can fail on; the API maps them to localized messages (see PASSWORD_POLICY_MESSAGES). */
export type PasswordProblem = 'too_short' | 'too_long' | 'contains_username' | 'too_few_character_classes' | 'too_common';

export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work of hashing a hostile multi-megabyte "password". */
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_CHARACTER_CLASSES = 3;
/** Shorter usernames would match inside too many ordinary passwords to be a meaningful check. */
const MIN_USERNAME_LENGTH_TO_CHECK = 3;

/**
 * Passwords seen first in breach lists and guessing dictionaries, plus local ones (French keyboard, product name and
 * the documented demo password, which must never become a real user's password).
 */
const COMMON_PASSWORDS = new Set(
  [
    '123456789012', '1234567890ab', 'qwertyuiop12', 'qwerty123456', 'azertyuiop12', 'azerty123456', 'password1234',
    'password123!', 'passw0rd1234', 'p@ssw0rd1234', 'p@ssword1234', 'motdepasse12', 'motdepasse123', 'motdepasse123!',
    'welcome12345', 'welcome123!!', 'bienvenue123', 'bienvenue123!', 'iloveyou1234', 'letmein12345', 'admin1234567',
    'administrator1', 'administrateur1', 'changeme1234', 'changeme123!', 'sunshine1234', 'football1234', 'princess1234',
    'monkey123456', 'dragon123456', 'trustno11234', 'abc123456789', 'abcdefghijkl', 'aaaaaaaaaaaa', '111111111111',
    'qwerty123!@#', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'zaq12wsxcde3', 'superman1234', 'baseball1234', 'master123456',
    'tutela123456', 'tutela-2026!', 'tutela-demo-2026!', 'bamako123456', 'mali12345678', 'unicef123456',
  ].map((password) => password.toLowerCase()),
);

/** Every rule the password breaks (empty when it is acceptable): length, username, character classes, common list. */
export function checkPasswordPolicy(password: string, context: { username?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const lower = password.toLowerCase();
  const username = context.username?.trim().toLowerCase() ?? '';
  if (username.length >= MIN_USERNAME_LENGTH_TO_CHECK && lower.includes(username)) problems.push('contains_username');
  if (characterClasses(password) < PASSWORD_MIN_CHARACTER_CLASSES) problems.push('too_few_character_classes');
  if (COMMON_PASSWORDS.has(lower)) problems.push('too_common');
  return problems;
}

/** Lower case, upper case, digits, everything else (punctuation, spaces, letters without case). */
function characterClasses(password: string): number {
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];
  return classes.filter((pattern) => pattern.test(password)).length;
}

export const PASSWORD_POLICY_MESSAGES: Record<'en' | 'fr', Record<PasswordProblem, string>> = {
  en: {
    too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
    contains_username: 'The password must not contain the username.',
    too_few_character_classes: 'Mix at least three of: lower case, upper case, digits, symbols.',
    too_common: 'This password is too common.',
  },
  fr: {
    too_short: `Utilisez au moins ${PASSWORD_MIN_LENGTH} caractères.`,
    too_long: `Utilisez au plus ${PASSWORD_MAX_LENGTH} caractères.`,
    contains_username: "Le mot de passe ne doit pas contenir le nom d'utilisateur.",
    too_few_character_classes: 'Combinez au moins trois types : minuscules, majuscules, chiffres, symboles.',
    too_common: 'Ce mot de passe est trop courant.',
  },
};
