// The maintenance budget (GET /api/v1/fees/forecast): every official fee due
// in the next N years (default 5), by Japanese fiscal year (April–March)
// and a grouping (institution, package, jurisdiction, payer), in the fees'
// own currencies and in JPY (over HTTP only JPY fees have a JPY figure:
// foreign ones are not converted), as a table, a chart and CSV.
import { BarChart } from "../../components/Chart";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { api } from "../../lib/api";
import { formatAmount, formatCount, formatDate } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { FilterInput, Money, useFilters } from "../money/ui";
import { DocketNav } from "./DocketNav";
import { fiscalYearSpan, forecastSeries, GROUPINGS, minorToDecimal, type Forecast as ForecastData, type ForecastLine } from "./model";

export function Forecast() {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const [query, setQuery] = useFilters();
  const years = query.years ?? "5";
  const by = query.by ?? "institution";
  const institution = query.institution ?? "";
  const loaded = useApi((signal) => api.get<ForecastData>("fees/forecast", { years, by, institution }, signal),
    [years, by, institution]);
  const fy = (y: number) => {
    const s = fiscalYearSpan(y);
    return t("docket.fy", { fy: y, from: s.from.slice(0, 7), to: s.to.slice(0, 7) });
  };
  const group = (g: string | null) => (g === null ? t("docket.group.none") : by === "payer" ? t(`docket.payer.${g}`) : g);
  const yen = (v: number) => formatAmount(Math.round(v), "JPY", lang);
  const f = loaded.data;
  const series = f ? forecastSeries(f) : null;
  // Groups with JPY figures only (a group of foreign fees alone has nothing to chart in JPY).
  const charted = series ? series.groups.filter((g) => g.jpy_minor.some((v) => v !== 0)) : [];
  return (
    <section class="docket">
      <PageTitle>{t("docket.forecast.title")}</PageTitle>
      <DocketNav />
      <p class="muted">{t("docket.forecast.lead")}</p>
      <div class="filters">
        <div class="field">
          <label for="f-years">{t("docket.forecast.years")}</label>
          <select id="f-years" value={years} onChange={(e) => setQuery({ years: e.currentTarget.value })}>
            {[1, 2, 3, 5, 10, 15, 20].map((n) => <option key={n} value={String(n)}>{t("docket.forecast.n_years", { n })}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-by">{t("docket.forecast.by")}</label>
          <select id="f-by" value={by} onChange={(e) => setQuery({ by: e.currentTarget.value })}>
            {GROUPINGS.map((g) => <option key={g} value={g}>{t(`docket.by.${g}`)}</option>)}
          </select>
        </div>
        {!session.institution && (
          <FilterInput id="f-institution" label={t("docket.filter.institution")} value={institution}
            onApply={(v) => setQuery({ institution: v || null })} />
        )}
      </div>
      {loaded.error !== null ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : !f || !series ? <Loading /> : (
        <>
          <p data-testid="forecast-summary">
            {t("docket.forecast.summary", {
              from: formatDate(f.as_of, lang), until: formatDate(f.until, lang), n: formatCount(f.applications, lang),
            })}
            {!f.converted && <> {t("docket.forecast.unconverted")}</>}
          </p>
          <DataTable caption={t("docket.forecast.totals")} csvName={`fees-forecast-totals-${by}`} rows={f.totals}
            rowKey={(r) => String(r.fiscal_year)} columns={[
              { key: "fiscal_year", label: t("docket.col.fiscal_year"), value: (r) => fy(r.fiscal_year) },
              {
                key: "jpy_amount_minor", label: t("docket.col.jpy"), numeric: true,
                render: (r) => (r.jpy_amount_minor === null ? <span class="muted">{t("docket.not_converted")}</span> : <Money minor={r.jpy_amount_minor} currency="JPY" />),
                value: (r) => minorToDecimal(r.jpy_amount_minor, "JPY"),
              },
              {
                key: "by_currency", label: t("docket.col.by_currency"), numeric: true,
                render: (r) => <ul class="plain">{r.by_currency.map((c) => <li key={c.currency}><Money minor={c.amount_minor} currency={c.currency} /></li>)}</ul>,
                value: (r) => r.by_currency.map((c) => `${minorToDecimal(c.amount_minor, c.currency)} ${c.currency}`).join("; "),
              },
              { key: "fees", label: t("docket.col.fees"), numeric: true },
            ]} />
          {charted.length > 0 && (
            <BarChart title={t("docket.forecast.chart", { by: t(`docket.by.${by}`) })} stacked
              labels={series.years.map((y) => `FY${y}`)}
              series={charted.slice(0, 12).map((g) => ({ label: group(g.group), values: g.jpy_minor }))}
              format={yen} />
          )}
          {series.unconverted > 0 && <p class="muted">{t("docket.forecast.chart_note", { n: series.unconverted })}</p>}
          <DataTable<ForecastLine> caption={t("docket.forecast.lines", { by: t(`docket.by.${by}`) })} csvName={`fees-forecast-${by}`}
            rows={f.lines} rowKey={(r) => `${r.fiscal_year}/${r.group ?? ""}/${r.currency}`} columns={[
              { key: "fiscal_year", label: t("docket.col.fiscal_year"), value: (r) => fy(r.fiscal_year) },
              { key: "group", label: t(`docket.by.${by}`), value: (r) => group(r.group) },
              { key: "currency", label: t("docket.col.currency") },
              {
                key: "amount_minor", label: t("docket.col.amount"), numeric: true,
                render: (r) => <Money minor={r.amount_minor} currency={r.currency} />,
                value: (r) => minorToDecimal(r.amount_minor, r.currency),
              },
              {
                key: "jpy_amount_minor", label: t("docket.col.jpy"), numeric: true,
                render: (r) => (r.jpy_amount_minor === null ? <span class="muted">{t("docket.not_converted")}</span> : <Money minor={r.jpy_amount_minor} currency="JPY" />),
                value: (r) => minorToDecimal(r.jpy_amount_minor, "JPY"),
              },
              { key: "fees", label: t("docket.col.fees"), numeric: true },
            ]} />
        </>
      )}
    </section>
  );
}
