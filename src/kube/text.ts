/** A user-facing message in both course languages. */
export type Lang = 'ko' | 'en';

export interface Text {
  ko: string;
  en: string;
}

export const LANGS: readonly Lang[] = ['ko', 'en'];

export function text(ko: string, en: string): Text {
  return { ko, en };
}

export function isLang(value: unknown): value is Lang {
  return value === 'ko' || value === 'en';
}
