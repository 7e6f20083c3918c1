// Submit a royalty report, or a correction of one (same period, "corrects":
// the report's id): net sales by territory and product, sublicence income.
// The reply names the invoices it issued (a credit note when a correction
// lowers the royalty).
import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorBox } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { api, ApiError } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { errorOf } from "../money/Payments";
import { Busy } from "../money/ui";
import { type Invoice, invoiceColumns } from "./tables";

export interface ReportDraft {
  agreement: string;
  period_start: string;
  period_end: string;
  corrects: number | null;
}

interface Line { territory: string; product: string; net_sales: string }

interface ReportOutcome {
  report: number;
  agreement: string;
  corrects: number | null;
  invoices: Invoice[];
}

const TOP = ["agreement", "period_start", "period_end", "sublicense_income", "corrects"];

export function ReportForm({ draft, onDone, onCancel }: { draft: ReportDraft; onDone: () => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const [f, setF] = useState({ ...draft, sublicense_income: "0" });
  const [lines, setLines] = useState<Line[]>([{ territory: "", product: "", net_sales: "" }]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<ReportOutcome | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => { form.current?.querySelector("input")?.focus(); }, []);
  const fieldError = (k: string) => (error instanceof ApiError && error.field === k ? errorOf(error, lang, t) : null);
  const setLine = (i: number, k: keyof Line, v: string) => setLines((prev) => prev.map((l, j) => (j === i ? { ...l, [k]: v } : l)));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        agreement: f.agreement.trim(), period_start: f.period_start, period_end: f.period_end,
        lines: lines.filter((l) => l.territory || l.product || l.net_sales)
          .map((l) => ({ territory: l.territory.trim().toUpperCase(), product: l.product.trim(), net_sales: l.net_sales.trim() })),
        sublicense_income: f.sublicense_income.trim() || "0",
        ...(f.corrects !== null ? { corrects: f.corrects } : {}),
      };
      setOutcome(await api.post<ReportOutcome>("reports", body));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (outcome) {
    return (
      <div class="panel" data-testid="report-outcome">
        <p class="notice" role="status">{t("lic.report.recorded", { id: outcome.report, count: outcome.invoices.length })}</p>
        <DataTable caption={t("lic.invoices.title")} columns={invoiceColumns(t, lang, false)} rows={outcome.invoices}
          rowKey={(r) => String(r.id)} csvName={`report-${outcome.report}-invoices`} />
        <button type="button" onClick={onCancel}>{t("lic.report.close")}</button>
      </div>
    );
  }
  const title = f.corrects !== null ? t("lic.reports.correction_of", { id: f.corrects }) : t("lic.report.new");
  return (
    <form class="panel" onSubmit={submit} noValidate ref={form} data-testid="report-form">
      <h2>{title}</h2>
      <Field id="rep-agreement" label={t("money.new.agreement")} error={fieldError("agreement")}>
        {(p) => <input {...p} required value={f.agreement} onInput={(e) => { const v = e.currentTarget.value; setF((prev) => ({ ...prev, agreement: v })); }} />}
      </Field>
      <Field id="rep-start" label={t("lic.report.period_start")} error={fieldError("period_start")}>
        {(p) => <input {...p} type="date" required value={f.period_start} onInput={(e) => { const v = e.currentTarget.value; setF((prev) => ({ ...prev, period_start: v })); }} />}
      </Field>
      <Field id="rep-end" label={t("lic.report.period_end")} error={fieldError("period_end")}>
        {(p) => <input {...p} type="date" required value={f.period_end} onInput={(e) => { const v = e.currentTarget.value; setF((prev) => ({ ...prev, period_end: v })); }} />}
      </Field>
      <fieldset>
        <legend>{t("lic.report.lines")}</legend>
        {lines.map((l, i) => (
          <div class="report-line" key={i}>
            <Field id={`rep-territory-${i}`} label={t("lic.report.territory")}>
              {(p) => <input {...p} size={4} value={l.territory} onInput={(e) => setLine(i, "territory", e.currentTarget.value)} />}
            </Field>
            <Field id={`rep-product-${i}`} label={t("lic.report.product")}>
              {(p) => <input {...p} value={l.product} onInput={(e) => setLine(i, "product", e.currentTarget.value)} />}
            </Field>
            <Field id={`rep-sales-${i}`} label={t("col.net_sales")}>
              {(p) => <input {...p} inputMode="decimal" value={l.net_sales} onInput={(e) => setLine(i, "net_sales", e.currentTarget.value)} />}
            </Field>
          </div>
        ))}
        <button type="button" onClick={() => setLines([...lines, { territory: "", product: "", net_sales: "" }])}>{t("lic.report.add_line")}</button>
      </fieldset>
      <Field id="rep-sublicense" label={t("col.sublicense_income")} error={fieldError("sublicense_income")}>
        {(p) => <input {...p} inputMode="decimal" value={f.sublicense_income} onInput={(e) => { const v = e.currentTarget.value; setF((prev) => ({ ...prev, sublicense_income: v })); }} />}
      </Field>
      {error !== null && !(error instanceof ApiError && error.field !== null && TOP.includes(error.field)) && <ErrorBox error={error} />}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{t("lic.report.submit")}</button>
        <button type="button" onClick={onCancel}>{t("money.close.cancel")}</button>
      </div>
      {busy && <Busy label={t("money.new.working")} />}
    </form>
  );
}
