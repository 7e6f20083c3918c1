// The docket pages' own logic, free of Preact so that the unit tests
// (tests/docket.test.ts) can check it: the agenda's default month and its
// API query, how urgent a task is, the fee texts the API gives as decimals,
// the forecast pivoted by fiscal year, and the review's flags.
import { minorDigits } from "../../lib/format";

/** One task as GET /api/v1/docket and /patents/{number}/docket give it. */
export interface DocketTask {
  application: string;
  key: string;
  kind: string;
  jurisdiction: string;
  label: string;
  nominal_due: string;
  due: string;
  window_start: string | null;
  grace_end: string | null;
  provisional: boolean;
  status: "open" | "missed" | "done" | "waived" | "expires" | "expired";
  /** Amounts as plain decimals in the fee's currency ("21000", "2130.00"). */
  fee: { amount: string; late_amount: string; currency: string; table: string } | null;
  payers: { institution: string; pays: boolean; amount: string | null }[];
  sequence: number;
  modified_at: string;
}

export interface DocketDecision {
  id: number;
  task: string;
  action: "done" | "waive" | "undo";
  date: string;
  fee_paid: string | null;
  fee_expected: string | null;
  currency: string | null;
  fee_table: string | null;
  reference: string;
  reason: string;
  recoverable: boolean;
  undoes: number | null;
  actor: string;
  recorded_at: string;
}

export interface PatentDocket {
  application: string;
  tasks: DocketTask[];
  decisions: DocketDecision[];
  lapse: { task: string; after: string; lapsed: boolean } | null;
}

export interface DecisionResult {
  task: DocketTask;
  decision: DocketDecision;
  warnings: string[];
}

export const TASK_KINDS = [
  "paris_priority", "national_phase", "examination_request", "annual_fee", "maintenance_fee", "renewal_fee",
  "office_action_response", "expiry",
] as const;
export const TASK_STATUSES = ["open", "missed", "done", "waived", "expires", "expired"] as const;
/** The offices of the rule book (config/docketing). */
export const OFFICES = ["JP", "US", "EP", "WO", "DE", "FR", "GB", "UP"] as const;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The first and last day of the month a day (YYYY-MM-DD) is in. */
export function monthOf(day: string): { from: string; to: string } {
  const m = ISO.exec(day);
  if (!m) throw new Error(`not a date: ${day}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(last).padStart(2, "0")}` };
}

export interface AgendaFilters {
  from: string;
  to: string;
  institution: string;
  jurisdiction: string;
  kind: string;
  status: string;
}

/**
 * The agenda's filters from the page's query string: this month (of
 * `today`) unless the URL names a range; the other filters as given.
 */
export function agendaFilters(query: Record<string, string | undefined>, today: string): AgendaFilters {
  const month = monthOf(today);
  return {
    from: query.from ?? month.from,
    to: query.to ?? month.to,
    institution: query.institution ?? "",
    jurisdiction: query.jurisdiction ?? "",
    kind: query.kind ?? "",
    status: query.status ?? "",
  };
}

/** What GET /api/v1/docket is asked: the filters that have a value. */
export function agendaQuery(f: AgendaFilters): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v) q[k] = v;
  return q;
}

export type Urgency = "missed" | "grace" | "soon" | "open" | "done" | "waived" | "expires" | "expired";

function addDays(day: string, n: number): string {
  const m = ISO.exec(day);
  if (!m) throw new Error(`not a date: ${day}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n));
  return d.toISOString().slice(0, 10);
}

/**
 * How a task stands on `today`: done or waived as decided; an expiry (not an
 * action) as `expires`/`expired`, as the API says; missed as the
 * API says (today after its last day); "grace" when open but past its due
 * date (only the grace period with its surcharge is left); "soon" when
 * due within 30 days; else open.
 */
export function urgency(t: Pick<DocketTask, "status" | "due" | "grace_end">, today: string): Urgency {
  if (t.status !== "open") return t.status;
  if (t.due < today) return "grace";
  if (t.due <= addDays(today, 30)) return "soon";
  return "open";
}

/** A decimal amount the API gives as text ("2130.00") in minor units, exactly (no float). */
export function decimalToMinor(text: string, currency: string): bigint {
  const digits = minorDigits(currency);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${text}`);
  const frac = m[3] ?? "";
  if (frac.length > digits) throw new Error(`${text}: more decimals than ${currency} has`);
  const minor = BigInt(m[2]) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, "0") || "0");
  return m[1] === "-" ? -minor : minor;
}

/** Who pays a task: the paying institutions, each with its amount when the rule book splits the fee. */
export function payersText(t: Pick<DocketTask, "payers">): string {
  return t.payers.filter((p) => p.pays).map((p) => (p.amount ? `${p.institution} ${p.amount}` : p.institution)).join(", ");
}

/**
 * Whether letting a task of this kind go ends the application (a fee, an
 * examination request, a response), as the API decides: an option — filing
 * abroad under the Paris priority, one office's national phase — ends
 * nothing else.
 */
export function waiveEndsApplication(kind: string): boolean {
  return kind !== "paris_priority" && kind !== "national_phase" && kind !== "expiry";
}

/** The tasks that end when `key` is waived: the open tasks due after it (what the confirmation lists); none for an option. */
export function laterOpenTasks(tasks: DocketTask[], key: string): DocketTask[] {
  const t = tasks.find((x) => x.key === key);
  if (!t || !waiveEndsApplication(t.kind)) return [];
  return tasks.filter((x) => x.key !== key && (x.status === "open" || x.status === "missed") && x.due > t.due);
}

/** The task's last decision still standing (not undone), if any: what "undo" reverses. */
export function standingDecision(decisions: DocketDecision[], key: string): DocketDecision | null {
  const undone = new Set(decisions.filter((d) => d.action === "undo" && d.undoes !== null).map((d) => d.undoes));
  const mine = decisions.filter((d) => d.task === key && d.action !== "undo" && !undone.has(d.id));
  return mine.length ? mine.reduce((a, b) => (b.id > a.id ? b : a)) : null;
}

// ---- the forecast ----------------------------------------------------------------------

export interface ForecastLine {
  fiscal_year: number;
  group: string | null;
  currency: string;
  amount_minor: number;
  jpy_amount_minor: number | null;
  fees: number;
}

export interface Forecast {
  as_of: string;
  until: string;
  years: number;
  by: "institution" | "package" | "jurisdiction" | "payer";
  converted: boolean;
  applications: number;
  lines: ForecastLine[];
  totals: {
    fiscal_year: number;
    jpy_amount_minor: number | null;
    fees: number;
    by_currency: { currency: string; amount_minor: number; jpy_amount_minor: number | null; fees: number }[];
  }[];
}

export const GROUPINGS = ["institution", "package", "jurisdiction", "payer"] as const;

/** A fiscal year's span (April to March): FY2026 is 2026-04-01 .. 2027-03-31. */
export function fiscalYearSpan(fy: number): { from: string; to: string } {
  return { from: `${fy}-04-01`, to: `${fy + 1}-03-31` };
}

/** The fiscal years a forecast covers, in order (those with fees and those between). */
export function fiscalYears(f: Pick<Forecast, "lines" | "totals">): number[] {
  const years = [...f.totals.map((t) => t.fiscal_year), ...f.lines.map((l) => l.fiscal_year)];
  if (years.length === 0) return [];
  const lo = Math.min(...years);
  const hi = Math.max(...years);
  const out: number[] = [];
  for (let y = lo; y <= hi; y += 1) out.push(y);
  return out;
}

/** The groups of a forecast's lines, in the API's order of first appearance (none as null, last). */
export function forecastGroups(f: Pick<Forecast, "lines">): (string | null)[] {
  const seen: (string | null)[] = [];
  for (const l of f.lines) if (!seen.includes(l.group)) seen.push(l.group);
  return [...seen.filter((g) => g !== null), ...seen.filter((g) => g === null)];
}

/**
 * The chart's series: per group, the JPY figures per fiscal year (minor
 * units, summed exactly as integers); foreign amounts not converted
 * (`jpy_amount_minor` null) are left out and counted in `unconverted`.
 */
export function forecastSeries(f: Pick<Forecast, "lines" | "totals">): {
  years: number[]; groups: { group: string | null; jpy_minor: number[] }[]; unconverted: number;
} {
  const years = fiscalYears(f);
  let unconverted = 0;
  const groups = forecastGroups(f).map((g) => ({
    group: g,
    jpy_minor: years.map((y) => f.lines
      .filter((l) => l.group === g && l.fiscal_year === y)
      .reduce((sum, l) => {
        if (l.jpy_amount_minor === null) return sum;
        return sum + l.jpy_amount_minor;
      }, 0)),
  }));
  for (const l of f.lines) if (l.jpy_amount_minor === null) unconverted += 1;
  return { years, groups, unconverted };
}

// ---- the review ------------------------------------------------------------------------

export interface ReviewItem {
  number: string;
  jurisdiction: string;
  owners: string[];
  payer: string;
  task: string;
  label: string;
  due: string;
  late: boolean;
  fee: { amount_minor: number; currency: string; jpy_amount_minor: number | null };
  expiry: string | null;
  keep_cost: { jpy_amount_minor: number | null; fees: number; by_currency: { currency: string; amount_minor: number }[] };
  earned_jpy_minor: number;
  licences: string[];
  packages: string[];
  projects: string[];
  open_deals: number;
  companies: number;
  unsupported: boolean;
}

export interface Review {
  as_of: string;
  within_days: number;
  converted: boolean;
  items: ReviewItem[];
}

/**
 * The keep cost as one sortable number: JPY when known, else the sum of
 * JPY amounts only when every currency is JPY; null (sorted last) when a
 * foreign amount has no JPY value.
 */
export function keepCostJpy(r: Pick<ReviewItem, "keep_cost">): number | null {
  if (r.keep_cost.jpy_amount_minor !== null) return r.keep_cost.jpy_amount_minor;
  if (r.keep_cost.by_currency.every((c) => c.currency === "JPY")) {
    return r.keep_cost.by_currency.reduce((s, c) => s + c.amount_minor, 0);
  }
  return null;
}

/** What speaks for keeping an application, as flag keys (in a stable order). */
export function reviewFlags(r: ReviewItem): string[] {
  const out: string[] = [];
  if (r.earned_jpy_minor > 0) out.push("income");
  if (r.licences.length) out.push("licensed");
  if (r.packages.length) out.push("package");
  if (r.projects.length) out.push("project");
  if (r.open_deals > 0) out.push("deal");
  return out;
}

/** Minor units as a plain decimal in major units ("2130.00"), exactly, for CSV. */
export function minorToDecimal(minor: number | null, currency: string): string {
  if (minor === null) return "";
  const digits = minorDigits(currency);
  const v = BigInt(minor);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const scale = 10n ** BigInt(digits);
  const whole = (abs / scale).toString();
  const frac = digits > 0 ? `.${(abs % scale).toString().padStart(digits, "0")}` : "";
  return `${neg ? "-" : ""}${whole}${frac}`;
}
