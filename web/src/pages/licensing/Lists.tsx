// Royalty reports (with their corrections) and invoices, every agreement's
// or one's (?agreement= in the URL).
import { useState } from "preact/hooks";
import { PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { useI18n } from "../../lib/i18n";
import { FilterInput, PagedStatus, useFilters, usePaged } from "../money/ui";
import { ReportForm, type ReportDraft } from "./ReportForm";
import { type Invoice, invoiceColumns, type Report, reportColumns } from "./tables";

export function Reports() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useFilters();
  const paged = usePaged<Report>("reports", { agreement: query.agreement });
  const [draft, setDraft] = useState<ReportDraft | null>(null);
  const columns = [...reportColumns(t, lang, true), {
    key: "correct", label: t("lic.report.correct"), value: () => "",
    render: (r: Report) => (r.corrected_by === null
      ? <button type="button" aria-label={t("lic.report.correct_one", { id: r.id })}
          onClick={() => setDraft({ agreement: r.agreement ?? "", period_start: r.period_start, period_end: r.period_end, corrects: r.id })}>
          {t("lic.report.correct")}</button>
      : null),
  }];
  return (
    <section>
      <PageTitle actions={<button type="button" class="primary"
        onClick={() => setDraft({ agreement: query.agreement ?? "", period_start: "", period_end: "", corrects: null })}>{t("lic.report.new")}</button>}>
        {t("lic.reports.title")}
      </PageTitle>
      {draft && <ReportForm key={JSON.stringify(draft)} draft={draft} onDone={paged.reload} onCancel={() => setDraft(null)} />}
      <p>{t("lic.reports.note")}</p>
      <div class="filters">
        <FilterInput id="f-agreement" label={t("money.filter.agreement")} value={query.agreement ?? ""}
          onApply={(v) => setQuery({ agreement: v || null })} />
      </div>
      <DataTable caption={t("lic.reports.title")} columns={columns} rows={paged.rows}
        rowKey={(r) => String(r.id)} csvName="royalty-reports" />
      <PagedStatus paged={paged} />
    </section>
  );
}

export function Invoices() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useFilters();
  const paged = usePaged<Invoice>("invoices", { agreement: query.agreement });
  return (
    <section>
      <PageTitle>{t("lic.invoices.title")}</PageTitle>
      <div class="filters">
        <FilterInput id="f-agreement" label={t("money.filter.agreement")} value={query.agreement ?? ""}
          onApply={(v) => setQuery({ agreement: v || null })} />
      </div>
      <DataTable caption={t("lic.invoices.title")} columns={invoiceColumns(t, lang, true)} rows={paged.rows}
        rowKey={(r) => String(r.id)} csvName="invoices" />
      <PagedStatus paged={paged} />
    </section>
  );
}
