// Statements: the institution picker (finance, admin), an institution's
// statements month by month with its income chart (the institution's own
// view for its viewer), and one statement: viewable, downloadable as CSV,
// printable on A4 with its SHA-256 in the footer.
import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { BarChart } from "../../components/Chart";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable, type Column } from "../../components/DataTable";
import { api, seg } from "../../lib/api";
import { download } from "../../lib/csv";
import { formatAmount, formatDate, formatMonth } from "../../lib/format";
import { hasMessage, useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { incomeSeries, type StatementSummary } from "../money/lib";
import { Busy, Money, PagedStatus, usePaged } from "../money/ui";
import { incomeType } from "../licensing/tables";
import { institutionName, normalizeStatement, type StatementDoc, type StatementLine, type StatementPayout } from "./normalize";

interface InstitutionRow {
  code: string;
  kind: string;
  name_en: string;
  name_ja: string | null;
  country: string;
}

const SCOPED = ["ip_manager", "institution_viewer"];

export function StatementInstitutions() {
  const session = useSignedIn();
  // An ip_manager or institution_viewer has one institution: its own.
  if (SCOPED.includes(session.role) && session.institution) return <OwnStatements institution={session.institution} />;
  return <InstitutionPicker />;
}

function OwnStatements({ institution }: { institution: string }) {
  const { route } = useLocation();
  useEffect(() => route(`/statements/${seg(institution)}`, true), [institution]);
  return <Loading />;
}

function InstitutionPicker() {
  const { t, lang } = useI18n();
  const paged = usePaged<InstitutionRow>("institutions", {}, 500);
  const columns: Column<InstitutionRow>[] = [
    { key: "code", label: t("col.institution"), render: (r) => <a href={`/statements/${seg(r.code)}`}>{r.code}</a> },
    { key: "name", label: t("col.name"), value: (r) => institutionName(lang, { institution: r.code, name_en: r.name_en, name_ja: r.name_ja }) },
    { key: "kind", label: t("col.kind") },
  ];
  return (
    <section>
      <PageTitle>{t("stmt.title")}</PageTitle>
      <p>{t("stmt.pick")}</p>
      <DataTable caption={t("stmt.institutions")} columns={columns} rows={paged.rows} rowKey={(r) => r.code} csvName="institutions" />
      <PagedStatus paged={paged} />
    </section>
  );
}

interface StatementList {
  institution: string;
  statements: StatementSummary[];
  next_cursor: string | null;
}

async function allStatements(institution: string, signal: AbortSignal): Promise<StatementSummary[]> {
  const out: StatementSummary[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: StatementList = await api.get<StatementList>(`statements/${seg(institution)}`, { limit: 500, cursor }, signal);
    out.push(...page.statements);
    if (!page.next_cursor) return out;
    cursor = page.next_cursor;
  }
}

export function StatementMonths({ institution }: { institution: string }) {
  const { t, lang } = useI18n();
  const { data, error, loading, reload } = useApi(async (signal) => {
    const [inst, statements] = await Promise.all([
      api.get<InstitutionRow>(`institutions/${seg(institution)}`, undefined, signal),
      allStatements(institution, signal),
    ]);
    return { inst, statements };
  }, [institution]);
  const series = useMemo(() => incomeSeries(data?.statements ?? []), [data]);
  const labels = useMemo(() => series.labels.map((m) => formatMonth(m, lang)), [series, lang]);
  const chartSeries = useMemo(() => [{ label: t("stmt.months.income_series"), values: series.income }], [series, lang]);
  const yen = useMemo(() => (v: number) => formatAmount(Math.round(v), "JPY", lang), [lang]);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (loading || !data) return <Loading />;
  const name = institutionName(lang, { institution, name_en: data.inst.name_en, name_ja: data.inst.name_ja });
  const rows = [...data.statements].sort((a, b) => b.month.localeCompare(a.month));
  const columns: Column<StatementSummary>[] = [
    { key: "month", label: t("col.month"),
      render: (r) => <a href={`/statements/${seg(institution)}/${r.month}`}>{formatMonth(r.month, lang)}</a> },
    { key: "opening_balance_minor", label: t("col.opening"), numeric: true, render: (r) => <Money minor={r.opening_balance_minor} currency={r.currency} /> },
    { key: "income_total_minor", label: t("col.income"), numeric: true, render: (r) => <Money minor={r.income_total_minor} currency={r.currency} /> },
    { key: "payouts_total_minor", label: t("col.payouts"), numeric: true, render: (r) => <Money minor={r.payouts_total_minor} currency={r.currency} /> },
    { key: "closing_balance_minor", label: t("col.closing"), numeric: true, render: (r) => <Money minor={r.closing_balance_minor} currency={r.currency} /> },
    { key: "lines", label: t("col.lines"), numeric: true },
    { key: "sha256", label: t("col.sha256"), render: (r) => <code class="hash">{r.sha256.slice(0, 16)}…</code> },
  ];
  return (
    <section>
      <PageTitle>{t("stmt.months.title", { name })}</PageTitle>
      <p><a href={`/patents?institution=${encodeURIComponent(institution)}`}>{t("stmt.months.patents")}</a></p>
      {rows.length === 0 ? <p>{t("stmt.months.none")}</p> : (
        <BarChart title={t("stmt.months.chart")} labels={labels} series={chartSeries} format={yen} />
      )}
      <DataTable caption={t("stmt.months.list")} columns={columns} rows={rows} rowKey={(r) => r.month} csvName={`statements-${institution}`} />
    </section>
  );
}

export function Statement({ institution, month }: { institution: string; month: string }) {
  const { t, lang } = useI18n();
  const { data, error, loading, reload } = useApi(
    async (signal) => normalizeStatement(await api.get<Record<string, unknown>>(`statements/${seg(institution)}/${seg(month)}`, undefined, signal)),
    [institution, month]);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (loading || !data) return <Loading />;
  const s: StatementDoc = data;
  const name = institutionName(lang, s);
  const csv = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      // The statement's own CSV, exactly as the API renders it.
      const text = await api.get<string>(`statements/${seg(institution)}/${seg(month)}`, { format: "csv" });
      download(`statement-${s.institution}-${s.month}.csv`, text);
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  };
  const lineColumns: Column<StatementLine>[] = [
    { key: "date", label: t("col.date"), render: (r) => formatDate(r.date, lang) },
    { key: "payment_reference", label: t("col.reference") },
    { key: "agreement", label: t("col.agreement") },
    { key: "licensee", label: t("col.licensee") },
    { key: "package", label: t("col.package") },
    { key: "patent", label: t("col.patent") },
    { key: "income_type", label: t("col.income_type"), value: (r) => (hasMessage(lang, `income.${r.income_type}`) ? incomeType(t, lang, r.income_type) : r.income_type) },
    { key: "share", label: t("col.share") },
    { key: "amount_minor", label: t("col.amount"), numeric: true, render: (r) => <Money minor={r.amount_minor} currency={r.currency} /> },
  ];
  const payoutColumns: Column<StatementPayout>[] = [
    { key: "date", label: t("col.date"), render: (r) => formatDate(r.date, lang) },
    { key: "reference", label: t("col.reference") },
    { key: "amount_minor", label: t("col.amount"), numeric: true, render: (r) => <Money minor={r.amount_minor} currency={r.currency} /> },
  ];
  return (
    <article class="statement">
      <PageTitle actions={<>
        <button type="button" onClick={() => void csv()} disabled={downloading}>{t("stmt.one.csv")}</button>
        <button type="button" class="primary" onClick={() => window.print()}>{t("stmt.one.print")}</button>
      </>}>
        {t("stmt.one.title", { institution: s.institution, month: s.month })}
      </PageTitle>
      <p class="no-print"><a href={`/statements/${seg(institution)}`}>{t("stmt.one.back")}</a></p>
      {downloading && <Busy label={t("stmt.one.downloading")} />}
      {downloadError !== null && <ErrorBox error={downloadError} />}
      <dl class="facts">
        <dt>{t("stmt.one.institution")}</dt><dd>{s.institution} {name}</dd>
        <dt>{t("stmt.one.month")}</dt><dd>{formatMonth(s.month, lang)}</dd>
        <dt>{t("stmt.one.status")}</dt><dd>{s.provisional ? <strong>{t("stmt.one.provisional")}</strong> : t("stmt.one.issued")}</dd>
      </dl>
      <div class="statement-figures">
        <div><span>{t("stmt.one.opening")}</span><strong><Money minor={s.opening_balance_minor} currency={s.currency} /></strong></div>
        <div><span>{t("stmt.one.income")}</span><strong><Money minor={s.income_total_minor} currency={s.currency} /></strong></div>
        <div><span>{t("stmt.one.payouts")}</span><strong><Money minor={s.payouts_total_minor} currency={s.currency} /></strong></div>
        <div class="closing"><span>{t("stmt.one.closing")}</span>
          <strong data-testid="closing-balance">{formatAmount(s.closing_balance_minor, s.currency, lang)}</strong></div>
      </div>
      <DataTable caption={t("stmt.one.lines")} columns={lineColumns} rows={s.lines}
        rowKey={(r) => `${r.date}/${r.payment_reference}/${r.patent}/${r.income_type}/${r.amount_minor}`} csvName={`statement-${s.institution}-${s.month}-lines`} />
      <DataTable caption={t("stmt.one.payout_lines")} columns={payoutColumns} rows={s.payouts}
        rowKey={(r) => `${r.date}/${r.reference}`} csvName={`statement-${s.institution}-${s.month}-payouts`} />
      <p class="statement-sha">{t("col.sha256")}: <code data-testid="statement-sha256">{s.sha256}</code></p>
      <footer class="print-footer print-only">{t("stmt.one.footer", { institution: s.institution, month: s.month, sha: s.sha256 })}</footer>
    </article>
  );
}
