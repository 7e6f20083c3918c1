// Messages in Japanese and English. Each area of the interface defines its
// own dictionary with defineMessages (both languages must have the same
// keys: the type checker refuses a key missing from either) and registers it
// here; t(key) looks a key up in the current language.
//
// A key that is not registered renders as ⟦key⟧ so that the end-to-end
// tests, which look for "⟦" on every page in both languages, catch it.
import { createContext } from "preact";
import { useContext } from "preact/hooks";

export type Lang = "ja" | "en";
export const LANGS: readonly Lang[] = ["ja", "en"];

type Dict = Record<string, string>;
const registry: Record<Lang, Dict> = { ja: {}, en: {} };

/** One area's messages. Both languages carry exactly the same keys. */
export function defineMessages<K extends string>(m: { ja: Record<K, string>; en: Record<K, string> }) {
  for (const lang of LANGS) {
    for (const [key, text] of Object.entries(m[lang]) as [string, string][]) {
      if (key in registry[lang] && registry[lang][key] !== text) {
        throw new Error(`message key ${key} defined twice with different ${lang} text`);
      }
      registry[lang][key] = text;
    }
  }
  return m;
}

/** Every key registered, per language (for the tests). */
export function registeredKeys(lang: Lang): string[] {
  return Object.keys(registry[lang]).sort();
}

export function hasMessage(lang: Lang, key: string): boolean {
  return key in registry[lang];
}

/** Translate, substituting {name} placeholders. */
export function translate(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const text = registry[lang][key];
  if (text === undefined) return `⟦${key}⟧`;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export type T = (key: string, params?: Record<string, string | number>) => string;

export interface I18n {
  lang: Lang;
  t: T;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: "ja",
  t: (key, params) => translate("ja", key, params),
  setLang: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A title in the reader's language, falling back to the other. */
export function localTitle(lang: Lang, row: { title?: string | null; title_ja?: string | null }): string {
  const ja = row.title_ja ?? "";
  const en = row.title ?? "";
  return lang === "ja" ? ja || en : en || ja;
}

const STORED = "chizai.lang";

/** The language before sign-in: the browser's last choice, else Japanese. */
export function storedLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORED);
    return v === "en" ? "en" : "ja";
  } catch {
    return "ja";
  }
}

export function storeLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(STORED, lang);
  } catch {
    /* private mode: the server remembers it per user anyway */
  }
}
