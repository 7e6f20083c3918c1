// Columns of the report and invoice tables (the lists and the agreement page).
import type { Column } from "../../components/DataTable";
import { formatDate, formatDateTime } from "../../lib/format";
import { hasMessage, type Lang, type T } from "../../lib/i18n";
import { Money } from "../money/ui";

export interface Report {
  agreement?: string;
  id: number;
  period_start: string;
  period_end: string;
  contract_year: number;
  net_sales_minor: number;
  sublicense_income_minor: number;
  currency: string;
  corrects: number | null;
  corrected_by: number | null;
  received_at: string;
}

export interface Invoice {
  agreement?: string;
  id: number;
  income_type: string;
  issued_on: string;
  amount_minor: number;
  paid_minor: number;
  open_minor: number;
  currency: string;
  report: number | null;
  milestone: string | null;
  contract_year: number | null;
  description: string;
}

/** An income type in the reader's language (an unknown one as the API names it). */
export function incomeType(t: T, lang: Lang, type: string): string {
  return hasMessage(lang, `income.${type}`) ? t(`income.${type}`) : type;
}

function agreementCell(id: string | undefined) {
  return id ? <a href={`/licensing/agreements/${encodeURIComponent(id)}`}>{id}</a> : null;
}

export function reportColumns(t: T, lang: Lang, withAgreement: boolean): Column<Report>[] {
  const cols: Column<Report>[] = [
    { key: "id", label: t("col.id"), numeric: true },
    { key: "period_start", label: t("col.period"), render: (r) => `${formatDate(r.period_start, lang)} – ${formatDate(r.period_end, lang)}` },
    { key: "contract_year", label: t("col.contract_year"), numeric: true, value: (r) => r.contract_year + 1 },
    { key: "net_sales_minor", label: t("col.net_sales"), numeric: true, render: (r) => <Money minor={r.net_sales_minor} currency={r.currency} /> },
    { key: "sublicense_income_minor", label: t("col.sublicense_income"), numeric: true, render: (r) => <Money minor={r.sublicense_income_minor} currency={r.currency} /> },
    { key: "corrects", label: t("col.corrects"), render: (r) => (r.corrects !== null ? t("lic.reports.correction_of", { id: r.corrects }) : "") },
    { key: "corrected_by", label: t("col.corrected_by"), render: (r) => (r.corrected_by !== null ? t("lic.reports.corrected", { id: r.corrected_by }) : "") },
    { key: "received_at", label: t("col.received_at"), render: (r) => formatDateTime(r.received_at, lang) },
  ];
  if (withAgreement) cols.splice(1, 0, { key: "agreement", label: t("col.agreement"), render: (r) => agreementCell(r.agreement) });
  return cols;
}

export function invoiceColumns(t: T, lang: Lang, withAgreement: boolean): Column<Invoice>[] {
  const cols: Column<Invoice>[] = [
    { key: "id", label: t("col.id"), numeric: true },
    { key: "issued_on", label: t("col.issued_on"), render: (r) => formatDate(r.issued_on, lang) },
    { key: "income_type", label: t("col.income_type"), value: (r) => incomeType(t, lang, r.income_type) },
    { key: "amount_minor", label: t("col.amount"), numeric: true, render: (r) => <Money minor={r.amount_minor} currency={r.currency} /> },
    { key: "paid_minor", label: t("col.paid"), numeric: true, render: (r) => <Money minor={r.paid_minor} currency={r.currency} /> },
    { key: "open_minor", label: t("col.open"), numeric: true, render: (r) => <Money minor={r.open_minor} currency={r.currency} /> },
    { key: "report", label: t("col.report"), numeric: true },
    { key: "description", label: t("col.description") },
  ];
  if (withAgreement) cols.splice(1, 0, { key: "agreement", label: t("col.agreement"), render: (r) => agreementCell(r.agreement) });
  return cols;
}
