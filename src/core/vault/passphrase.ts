/**
 * Passphrase policy and canonical form.
 *
 * Passphrases are NFC-normalized before use, so the same typed text derives the same key
 * whatever input method composed it. Length is counted in code points of the NFC form.
 */
export const MIN_PASSPHRASE_LENGTH = 8;

/** `'ok'`, or why a new passphrase is refused. */
export type PassphraseCheck = 'ok' | 'too_short';

export function normalizePassphrase(passphrase: string): string {
  return passphrase.normalize('NFC');
}

/** Policy check for a new passphrase; returns a code, never throws (non-strings are `'too_short'`). */
export function checkPassphrase(passphrase: unknown): PassphraseCheck {
  if (typeof passphrase !== 'string') return 'too_short';
  return [...normalizePassphrase(passphrase)].length >= MIN_PASSPHRASE_LENGTH ? 'ok' : 'too_short';
}
