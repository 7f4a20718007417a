import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { getApi } from '../api';
import { en } from './en';
import { ko } from './ko';
import { initialLanguage, LANGUAGE_STORAGE_KEY, type Language } from './language';

export const resources = { en: { translation: en }, ko: { translation: ko } } as const;

function readStored(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage disabled
  }
}

export function setupI18n(): typeof i18next {
  const lng = initialLanguage(readStored(), navigator.language);
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false, // resources are bundled: ready before the first render
  });
  document.documentElement.lang = lng;
  getApi().setLanguage(lng);
  return i18next;
}

export function changeLanguage(lng: Language): void {
  void i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
  getApi().setLanguage(lng); // the desktop menu follows
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // storage disabled: the choice lasts for this session
  }
}
