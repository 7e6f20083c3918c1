// Licence agreements: the list (filter by licensee, in the URL) and one
// agreement's page with its terms, patents, reports, invoices and payments.
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable, type Column } from "../../components/DataTable";
import { api, seg } from "../../lib/api";
import { formatDate, formatPercent } from "../../lib/format";
import { localTitle, useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { withQuery } from "../money/lib";
import { FilterInput, Money, PagedStatus, useFilters, usePaged } from "../money/ui";
import { type Invoice, invoiceColumns, type Report, reportColumns } from "./tables";
import type { PaymentRow } from "../money/Payments";
import { paymentColumns } from "../money/Payments";

export interface AgreementRow {
  id: string;
  licensee: string;
  package: string | null;
  patents: number;
  exclusive: boolean;
  field: string;
  territory: string[];
  start: string;
  end: string;
  currency: string;
  invoiced_minor: number;
  paid_minor: number;
  open_minor: number;
}

export function agreementLink(id: string): string {
  return `/licensing/agreements/${seg(id)}`;
}

export function Agreements() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useFilters();
  const paged = usePaged<AgreementRow>("agreements", { licensee: query.licensee });
  const columns: Column<AgreementRow>[] = [
    { key: "id", label: t("col.agreement"), render: (r) => <a href={agreementLink(r.id)}>{r.id}</a> },
    { key: "licensee", label: t("col.licensee") },
    { key: "package", label: t("col.package") },
    { key: "patents", label: t("col.patents"), numeric: true },
    { key: "exclusive", label: t("col.exclusive"), value: (r) => (r.exclusive ? t("money.yes") : t("money.no")) },
    { key: "field", label: t("col.field") },
    { key: "territory", label: t("col.territory"), value: (r) => r.territory.join(" ") },
    { key: "start", label: t("col.start"), render: (r) => formatDate(r.start, lang) },
    { key: "end", label: t("col.end"), render: (r) => formatDate(r.end, lang) },
    { key: "currency", label: t("col.currency") },
    { key: "invoiced_minor", label: t("col.invoiced"), numeric: true, render: (r) => <Money minor={r.invoiced_minor} currency={r.currency} /> },
    { key: "paid_minor", label: t("col.paid"), numeric: true, render: (r) => <Money minor={r.paid_minor} currency={r.currency} /> },
    { key: "open_minor", label: t("col.open"), numeric: true, render: (r) => <Money minor={r.open_minor} currency={r.currency} /> },
  ];
  return (
    <section>
      <PageTitle>{t("lic.agreements.title")}</PageTitle>
      <div class="filters">
        <FilterInput id="f-licensee" label={t("money.filter.licensee")} value={query.licensee ?? ""}
          onApply={(v) => setQuery({ licensee: v || null })} />
      </div>
      <DataTable caption={t("lic.agreements.title")} columns={columns} rows={paged.rows} rowKey={(r) => r.id}
        csvName="agreements" />
      <p class="muted">{t("money.paged_note")}</p>
      <PagedStatus paged={paged} />
    </section>
  );
}

interface AgreementDetail {
  id: string;
  licensee: string;
  licensee_name: string | null;
  package: string | null;
  exclusive: boolean;
  field: string;
  reserved_fields?: string[];
  territory: string[];
  start: string;
  end: string;
  currency: string;
  policy: string;
  upfront_fee_minor: number;
  royalty_tiers: { currency: string; up_to_minor: number | null; rate_bps: number }[];
  minimum_annual_royalty_minor: number;
  sublicense_share_bps: number;
  milestones: { name: string; amount_minor: number; currency: string; reached_on: string | null }[];
  patents: { application_number: string; title: string | null; title_ja?: string | null; weight: number }[];
  reports: Report[];
  invoices: Invoice[];
}

export function Agreement({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { data, error, loading, reload } = useApi((signal) => api.get<AgreementDetail>(`agreements/${seg(id)}`, undefined, signal), [id]);
  const payments = usePaged<PaymentRow>("payments", { agreement: id });
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (loading || !data) return <Loading />;
  const a = data;
  const bps = (n: number) => formatPercent(n / 10000, lang);
  return (
    <section>
      <PageTitle actions={<a class="button" href={withQuery("/money/payments/new", { agreement: a.id })}>{t("lic.agreement.record_payment")}</a>}>
        {t("lic.agreement.title", { id: a.id })}
      </PageTitle>
      <h2>{t("lic.agreement.terms")}</h2>
      <dl class="facts">
        <dt>{t("col.licensee")}</dt><dd>{a.licensee}{a.licensee_name ? ` ${a.licensee_name}` : ""}</dd>
        <dt>{t("col.package")}</dt><dd>{a.package ?? t("money.none")}</dd>
        <dt>{t("col.exclusive")}</dt><dd>{a.exclusive ? t("money.yes") : t("money.no")}</dd>
        <dt>{t("col.field")}</dt><dd>{a.field}{a.reserved_fields && a.reserved_fields.length > 0 ? ` (− ${a.reserved_fields.join(", ")})` : ""}</dd>
        <dt>{t("col.territory")}</dt><dd>{a.territory.join(", ")}</dd>
        <dt>{t("col.period")}</dt><dd>{formatDate(a.start, lang)} – {formatDate(a.end, lang)}</dd>
        <dt>{t("col.currency")}</dt><dd>{a.currency}</dd>
        <dt>{t("lic.agreement.upfront")}</dt><dd><Money minor={a.upfront_fee_minor} currency={a.currency} /></dd>
        <dt>{t("lic.agreement.minimum")}</dt><dd><Money minor={a.minimum_annual_royalty_minor} currency={a.currency} /></dd>
        <dt>{t("lic.agreement.sublicense_share")}</dt><dd>{bps(a.sublicense_share_bps)}</dd>
        <dt>{t("lic.agreement.policy")}</dt><dd>{a.policy}</dd>
      </dl>
      <DataTable caption={t("lic.agreement.tiers")} csvName={`${a.id}-tiers`} rows={a.royalty_tiers}
        rowKey={(r) => String(r.up_to_minor)} columns={[
          { key: "up_to_minor", label: t("col.up_to"), numeric: true,
            render: (r) => (r.up_to_minor === null ? t("lic.agreement.tier_rest") : <Money minor={r.up_to_minor} currency={r.currency} />) },
          { key: "rate_bps", label: t("col.rate"), numeric: true, render: (r) => bps(r.rate_bps) },
        ]} />
      <DataTable caption={t("lic.agreement.milestones")} csvName={`${a.id}-milestones`} rows={a.milestones}
        rowKey={(r) => r.name} columns={[
          { key: "name", label: t("col.name") },
          { key: "amount_minor", label: t("col.amount"), numeric: true, render: (r) => <Money minor={r.amount_minor} currency={r.currency} /> },
          { key: "reached_on", label: t("col.reached_on"), render: (r) => (r.reached_on ? formatDate(r.reached_on, lang) : t("lic.agreement.not_reached")) },
        ]} />
      <DataTable caption={t("lic.agreement.patents")} csvName={`${a.id}-patents`} rows={a.patents}
        rowKey={(r) => r.application_number} columns={[
          { key: "application_number", label: t("col.patent"),
            render: (r) => <a href={`/patents/${encodeURIComponent(r.application_number)}`}>{r.application_number}</a> },
          { key: "title", label: t("col.title"), value: (r) => localTitle(lang, r) },
          { key: "weight", label: t("col.weight"), numeric: true },
        ]} />
      <DataTable caption={t("lic.agreement.reports")} csvName={`${a.id}-reports`} rows={a.reports}
        rowKey={(r) => String(r.id)} columns={reportColumns(t, lang, false)} />
      <DataTable caption={t("lic.agreement.invoices")} csvName={`${a.id}-invoices`} rows={a.invoices}
        rowKey={(r) => String(r.id)} columns={invoiceColumns(t, lang, false)} />
      <DataTable caption={t("lic.agreement.payments")} csvName={`${a.id}-payments`} rows={payments.rows}
        rowKey={(r) => r.reference} columns={paymentColumns(t, lang)} />
      <PagedStatus paged={payments} />
    </section>
  );
}
