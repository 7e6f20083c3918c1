// Amounts, dates and shares formatted for the reader's language.
import type { Lang } from "./i18n";

const LOCALE: Record<Lang, string> = { ja: "ja-JP", en: "en-GB" };

/** Digits after the decimal point of a currency's minor unit (ISO 4217). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  } catch {
    throw new Error(`unknown currency ${currency}`);
  }
}

/**
 * An amount the API gave in minor units (`*_minor`, an integer: yen, cents)
 * as the reader expects it: "¥1,234,567" / "US$12.34" in English,
 * "￥1,234,567" / "$12.34" in Japanese. The integer and fraction digits are
 * taken from the integer itself (BigInt), never through a float, so no
 * amount is rounded for display.
 */
export function formatAmount(minor: number | string | bigint, currency: string, lang: Lang): string {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(digits);
  const major = abs / scale;
  const fraction = abs % scale;
  const fmt = new Intl.NumberFormat(LOCALE[lang], {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Lay out a sample to learn where the sign, symbol and separators go,
  // then put our exact digits in place of the sample's.
  const parts = fmt.formatToParts(negative ? -1 : 1);
  const grouped = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 0 }).format(major);
  const fractionText = digits > 0 ? fraction.toString().padStart(digits, "0") : "";
  let out = "";
  for (const p of parts) {
    if (p.type === "integer") out += grouped;
    else if (p.type === "fraction") out += fractionText;
    else if (p.type === "group") continue;
    else out += p.value;
  }
  return out;
}

/** A plain count with grouping: 12,345. */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang]).format(n);
}

/** A ratio 0..1 as a percentage with one decimal: 30.3%. */
export function formatPercent(ratio: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang], {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(ratio);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** An ISO date (YYYY-MM-DD) for the reader: 2026/04/01 or 1 Apr 2026. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  const m = ISO_DATE.exec(iso.slice(0, 10));
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

/** A month (YYYY-MM): 2026年4月 or April 2026. */
export function formatMonth(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  const m = ISO_MONTH.exec(iso.slice(0, 7));
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(LOCALE[lang], { year: "numeric", month: "long", timeZone: "UTC" })
    .format(date);
}

/** A timestamp (ISO 8601 with time) in the reader's time zone. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/** An exact share "1/3" as shown to people: 1/3 (33.3%). */
export function formatShare(share: string, lang: Lang): string {
  const m = /^(\d+)\/(\d+)$/.exec(share);
  if (!m) return share === "1" ? `1 (${formatPercent(1, lang)})` : share;
  const ratio = Number(m[1]) / Number(m[2]);
  return `${share} (${formatPercent(ratio, lang)})`;
}
