// The home page's own logic: which figures a role gets, and income by month
// as a continuous series for the chart.
import type { Role } from "../../lib/session";

export interface Dashboard {
  as_of: string;
  institution: string | null;
  candidates_awaiting: number | null;
  open_months: string[] | null;
  statements_issued_this_month: number | null;
  income_by_month: { month: string; currency: string; amount_minor: number }[] | null;
}

/** What a role's home asks the API for (each as the API's rights allow). */
export function homeParts(role: Role) {
  return {
    report: role === "admin" || role === "tech_transfer" || role === "finance", // GET /programme/report
    summary: role !== "finance", // GET /portfolio/summary
    deals: role === "admin" || role === "tech_transfer", // GET /deals
  };
}

function nextMonth(m: string): string {
  const [y, mo] = m.split("-").map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
}

/**
 * Income by month from the first month with income to the last, months
 * without income as 0 (a chart's gaps would hide them).
 */
export function monthSeries(rows: { month: string; amount_minor: number }[]): { month: string; amount_minor: number }[] {
  if (rows.length === 0) return [];
  const sorted = [...rows].sort((a, b) => a.month.localeCompare(b.month));
  const by = new Map(sorted.map((r) => [r.month, r.amount_minor]));
  const out: { month: string; amount_minor: number }[] = [];
  const last = sorted[sorted.length - 1].month;
  for (let m = sorted[0].month; m <= last && out.length < 600; m = nextMonth(m)) out.push({ month: m, amount_minor: by.get(m) ?? 0 });
  return out;
}
