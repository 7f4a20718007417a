export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'netloom.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'ko';
}

/** The remembered choice, else Korean for a Korean browser/OS, else English. */
export function initialLanguage(stored: string | null, navigatorLanguage: string | undefined): Language {
  if (isLanguage(stored)) return stored;
  return navigatorLanguage?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
