// A statement as the API serves it, format 2 (amounts in `*_minor` with
// `currency`) or format 1 (issued before 2026-12-07: amounts in yen named
// without `_minor`, no currency in lines and payouts), read into one shape.

export interface StatementLine {
  date: string;
  agreement: string;
  licensee: string;
  package: string;
  patent: string;
  income_type: string;
  payment_reference: string;
  share: string;
  currency: string;
  amount_minor: number;
}

export interface StatementPayout {
  date: string;
  reference: string;
  currency: string;
  amount_minor: number;
}

export interface StatementDoc {
  format: number;
  institution: string;
  institution_name_en: string;
  institution_name_ja: string;
  month: string;
  currency: string;
  provisional: boolean;
  opening_balance_minor: number;
  income_total_minor: number;
  payouts_total_minor: number;
  closing_balance_minor: number;
  lines: StatementLine[];
  payouts: StatementPayout[];
  sha256: string;
}

type Raw = Record<string, unknown>;

function num(o: Raw, minorKey: string, yenKey: string): number {
  const v = o[minorKey] ?? o[yenKey];
  return typeof v === "number" ? v : Number(v ?? 0);
}

function str(o: Raw, key: string): string {
  const v = o[key];
  return v === null || v === undefined ? "" : String(v);
}

export function normalizeStatement(raw: Raw): StatementDoc {
  const format = typeof raw.format === "number" ? raw.format : 1;
  const currency = str(raw, "currency") || "JPY";
  const lines = (Array.isArray(raw.lines) ? raw.lines : []) as Raw[];
  const payouts = (Array.isArray(raw.payouts) ? raw.payouts : []) as Raw[];
  return {
    format,
    institution: str(raw, "institution"),
    institution_name_en: str(raw, "institution_name_en"),
    institution_name_ja: str(raw, "institution_name_ja"),
    month: str(raw, "month"),
    currency,
    provisional: raw.provisional === true,
    opening_balance_minor: num(raw, "opening_balance_minor", "opening_balance"),
    income_total_minor: num(raw, "income_total_minor", "income_total"),
    payouts_total_minor: num(raw, "payouts_total_minor", "payouts_total"),
    closing_balance_minor: num(raw, "closing_balance_minor", "closing_balance"),
    lines: lines.map((l) => ({
      date: str(l, "date"),
      agreement: str(l, "agreement"),
      licensee: str(l, "licensee"),
      package: str(l, "package"),
      patent: str(l, "patent"),
      income_type: str(l, "income_type"),
      payment_reference: str(l, "payment_reference"),
      share: str(l, "share"),
      currency: str(l, "currency") || currency,
      amount_minor: num(l, "amount_minor", "amount"),
    })),
    payouts: payouts.map((p) => ({
      date: str(p, "date"),
      reference: str(p, "reference"),
      currency: str(p, "currency") || currency,
      amount_minor: num(p, "amount_minor", "amount"),
    })),
    sha256: str(raw, "sha256"),
  };
}

/** The institution's name in the reader's language, falling back to the other, then the code. */
export function institutionName(lang: "ja" | "en", s: { institution: string; institution_name_en?: string | null; institution_name_ja?: string | null;
  name_en?: string | null; name_ja?: string | null }): string {
  const ja = s.institution_name_ja || s.name_ja || "";
  const en = s.institution_name_en || s.name_en || "";
  return (lang === "ja" ? ja || en : en || ja) || s.institution;
}
