import { describe, expect, it } from 'vitest';
import { isValidEmail, passwordProblem, usernameProblem } from '#shared/domain/account-rules';
import { RegisterBody } from '#shared/schemas/new-password';
import commonPasswords from '../../../shared/data/common-passwords.json' with { type: 'json' };

const valid = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  username: 'ada_1815',
  email: 'ada@example.org',
  password: 'analytical engine notes',
};

function codesOf(input: unknown): string[] {
  const result = RegisterBody.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) =>
    issue.code === 'custom' ? String(issue.params?.code) : issue.code,
  );
}

describe('registration rules', () => {
  it('accepts a valid registration and normalises it', () => {
    const parsed = RegisterBody.parse({ ...valid, username: ' Ada_1815 ', email: ' Ada@Example.ORG ' });
    expect(parsed).toMatchObject({ username: 'ada_1815', email: 'ada@example.org' });
  });

  it.each(['ab', 'a'.repeat(31), 'ada-lovelace', 'ada lovelace', 'adá', 'ada.l', ''])(
    'rejects the username %j',
    (username) => {
      expect(codesOf({ ...valid, username })).toEqual(['invalid_username']);
    },
  );

  it.each(['admin', 'API', 'Support', 'root'])('rejects the reserved username %s in any case', (username) => {
    expect(codesOf({ ...valid, username })).toEqual(['username_reserved']);
  });

  it.each([
    ['a control character', 'Ada\u0007'],
    ['a newline', 'Ada\nLovelace'],
    ['a bidi override', 'Ada\u202Eecalevol'],
    ['a bidi isolate', '\u2067Ada'],
    ['nothing but spaces', '   '],
    ['51 characters', 'x'.repeat(51)],
    ['a lone surrogate', 'Ada\uD800'],
  ])('rejects a name with %s', (_label, firstName) => {
    expect(codesOf({ ...valid, firstName })).toEqual(['invalid_name']);
  });

  it('accepts 50 user-perceived characters of any script, normalised to NFC', () => {
    const parsed = RegisterBody.parse({ ...valid, firstName: 'José', lastName: '👩🏽‍💻'.repeat(50) });
    expect(parsed.firstName).toBe('Jos\u00e9');
    expect(parsed.firstName.normalize('NFC')).toBe(parsed.firstName);
  });

  it.each([
    'plainaddress',
    '@example.org',
    'ada@',
    'ada@example',
    'ada@@example.org',
    'ada..l@example.org',
    '.ada@example.org',
    'ada@-example.org',
    'ada@example.o',
    `${'a'.repeat(65)}@example.org`,
    'ada lovelace@example.org',
    'ada@exa_mple.org',
  ])('rejects the email %s', (email) => {
    expect(isValidEmail(email.toLowerCase())).toBe(false);
    expect(codesOf({ ...valid, email })).toEqual(['invalid_email']);
  });

  it.each(['ada@example.org', 'ada.lovelace+skylark@mail.example.co.uk', "o'brien@example.ie"])(
    'accepts the email %s',
    (email) => expect(isValidEmail(email)).toBe(true),
  );

  it('rejects passwords under 8 and over 256 characters, counting characters not bytes', () => {
    expect(passwordProblem('short12')).toBe('password_too_short');
    expect(passwordProblem('x'.repeat(257))).toBe('password_too_long');
    expect(passwordProblem('🔑'.repeat(8))).toBeUndefined();
    expect(passwordProblem(`${'q'.repeat(255)}!`)).toBeUndefined();
  });

  it.each(['password', 'PASSWORD1', 'iloveyou', 'qwertyuiop', '12345678'])(
    'rejects the common password %s',
    (password) => {
      expect(passwordProblem(password)).toBe('password_too_common');
      expect(codesOf({ ...valid, password })).toEqual(['password_too_common']);
    },
  );

  it('knows all 5,000 common passwords of the list, the last one as well as the first', () => {
    const listed = commonPasswords.split(' ');
    expect(new Set(listed).size).toBe(5000);
    expect(listed.every((password) => password.length >= 8 && password === password.toLowerCase())).toBe(
      true,
    );
    for (const password of [listed[0], listed[2500], listed[4999]])
      expect(passwordProblem(password ?? '')).toBe('password_too_common');
  });

  it('has no composition rules: a long lowercase passphrase is fine', () => {
    expect(passwordProblem('correct horse battery staple')).toBeUndefined();
  });

  it('reports unknown fields and wrong types', () => {
    expect(codesOf({ ...valid, admin: true })).toEqual(['unrecognized_keys']);
    expect(codesOf({ ...valid, username: 42 })).toEqual(['invalid_type']);
  });

  it('classifies usernames without the schema too', () => {
    expect(usernameProblem('ada')).toBeUndefined();
    expect(usernameProblem('www')).toBe('username_reserved');
  });
});
