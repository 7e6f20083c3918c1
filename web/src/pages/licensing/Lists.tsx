// Royalty reports (with their corrections) and invoices, every agreement's
// or one's (?agreement= in the URL).
import { PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { useI18n } from "../../lib/i18n";
import { FilterInput, PagedStatus, useFilters, usePaged } from "../money/ui";
import { type Invoice, invoiceColumns, type Report, reportColumns } from "./tables";

export function Reports() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useFilters();
  const paged = usePaged<Report>("reports", { agreement: query.agreement });
  return (
    <section>
      <PageTitle>{t("lic.reports.title")}</PageTitle>
      <p>{t("lic.reports.note")}</p>
      <div class="filters">
        <FilterInput id="f-agreement" label={t("money.filter.agreement")} value={query.agreement ?? ""}
          onApply={(v) => setQuery({ agreement: v || null })} />
      </div>
      <DataTable caption={t("lic.reports.title")} columns={reportColumns(t, lang, true)} rows={paged.rows}
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
