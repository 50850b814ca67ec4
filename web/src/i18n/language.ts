/** The page's language and digits, remembered in this browser. Arabic first; French second. */
export type Language = 'ar' | 'fr';
export type Digits = 'latn' | 'arab';

const LANGUAGE_KEY = 'tanzim.language';
const DIGITS_KEY = 'tanzim.digits';

export function currentLanguage(): Language {
  return localStorage.getItem(LANGUAGE_KEY) === 'fr' ? 'fr' : 'ar';
}

export function currentDigits(): Digits {
  return localStorage.getItem(DIGITS_KEY) === 'arab' ? 'arab' : 'latn';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
}

export function rememberDigits(digits: Digits): void {
  localStorage.setItem(DIGITS_KEY, digits);
}

export function directionOf(language: Language): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr';
}
