// The money pages' own logic, kept free of Preact so that the unit tests
// (tests/money.test.ts) can check it: query strings of filtered lists,
// months, the income chart's series, and what a payment form sends.
import { minorDigits } from "../../lib/format";

/** A page URL with its filters in the query string (empty ones left out, keys in a stable order). */
export function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const v = params[key];
    if (v !== undefined && v !== null && v !== "") q.set(key, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const MONTH = /^(\d{4})-(\d{2})$/;

export function isMonth(s: string): boolean {
  const m = MONTH.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** The month after "YYYY-MM". */
export function nextMonth(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  let y = Number(m[1]);
  let mo = Number(m[2]) + 1;
  if (mo > 12) { mo = 1; y += 1; }
  return `${y}-${String(mo).padStart(2, "0")}`;
}

/** An amount in minor units as a plain number of major units, for a chart's axis (never for display of exact amounts). */
export function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

export interface StatementSummary {
  month: string;
  currency: string;
  opening_balance_minor: number;
  income_total_minor: number;
  payouts_total_minor: number;
  closing_balance_minor: number;
  lines: number;
  payouts: number;
  sha256: string;
}

/** Income and closing balance by month, oldest first, every month between the first and the last (a month without a statement counts 0). */
export function incomeSeries(statements: StatementSummary[]): { labels: string[]; income: number[]; closing: number[] } {
  const sorted = [...statements].sort((a, b) => a.month.localeCompare(b.month));
  if (sorted.length === 0) return { labels: [], income: [], closing: [] };
  const byMonth = new Map(sorted.map((s) => [s.month, s]));
  const labels: string[] = [];
  const income: number[] = [];
  const closing: number[] = [];
  let lastClosing = 0;
  for (let m = sorted[0].month; m <= sorted[sorted.length - 1].month; m = nextMonth(m)) {
    const s = byMonth.get(m);
    labels.push(m);
    income.push(s ? minorToMajor(s.income_total_minor, s.currency) : 0);
    if (s) lastClosing = minorToMajor(s.closing_balance_minor, s.currency);
    closing.push(lastClosing);
  }
  return { labels, income, closing };
}

export interface PaymentForm {
  agreement: string;
  amount: string;
  currency: string;
  fx_rate: string;
  reference: string;
  received_on: string;
}

/**
 * The body of POST /api/v1/payments: amounts as the person typed them
 * (decimal strings: the API refuses numbers), the FX rate only for a
 * foreign currency, confirm_duplicate only when the person confirmed.
 */
export function paymentBody(f: PaymentForm, confirmDuplicate: boolean): Record<string, string | boolean> {
  const body: Record<string, string | boolean> = {
    agreement: f.agreement.trim(),
    received_on: f.received_on,
    amount: f.amount.trim(),
    currency: f.currency.trim().toUpperCase(),
    reference: f.reference.trim(),
  };
  if (body.currency !== "JPY" && f.fx_rate.trim() !== "") body.fx_rate = f.fx_rate.trim();
  if (confirmDuplicate) body.confirm_duplicate = true;
  return body;
}
