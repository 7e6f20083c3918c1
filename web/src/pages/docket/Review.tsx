// Keep or drop (GET /api/v1/docket/review): each application with an
// official fee due within N days (or still in its grace period), beside
// what keeping it costs to expiry and what speaks for it (income earned,
// licences, packages, projects, open deals, matching companies). Sortable
// by any column; each row links to the patent's page and to its docket's
// done/waive actions (for the roles that may decide).
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { api, seg } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { FilterInput, Money, useFilters } from "../money/ui";
import { DocketNav } from "./DocketNav";
import { keepCostJpy, minorToDecimal, reviewFlags, type Review as ReviewData, type ReviewItem } from "./model";
import { DOCKET_READERS, DOCKET_WRITERS } from "./roles";

/** Codes (packages, projects, owners) one a line, never broken at their hyphens. */
function Codes({ list }: { list: string[] }) {
  return <ul class="plain">{list.map((c) => <li key={c} class="nowrap">{c}</li>)}</ul>;
}

export function Review() {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const [query, setQuery] = useFilters();
  const within = query.within ?? "90";
  const institution = query.institution ?? "";
  const loaded = useApi((signal) => api.get<ReviewData>("docket/review", { within, institution }, signal), [within, institution]);
  const patentLinks = session.role !== "finance"; // GET /patents/{number}: every role but finance
  const docketLinks = DOCKET_READERS.includes(session.role);
  const decides = DOCKET_WRITERS.includes(session.role);
  const r = loaded.data;
  return (
    <section class="docket">
      <PageTitle>{t("docket.review.title")}</PageTitle>
      <DocketNav />
      <p class="muted">{t("docket.review.lead")}</p>
      <div class="filters">
        <div class="field">
          <label for="f-within">{t("docket.review.within")}</label>
          <select id="f-within" value={within} onChange={(e) => setQuery({ within: e.currentTarget.value })}>
            {[30, 60, 90, 180, 365].map((n) => <option key={n} value={String(n)}>{t("docket.review.n_days", { n })}</option>)}
          </select>
        </div>
        {!session.institution && (
          <FilterInput id="f-institution" label={t("docket.filter.institution")} value={institution}
            onApply={(v) => setQuery({ institution: v || null })} />
        )}
      </div>
      {loaded.error !== null ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : !r ? <Loading /> : (
        <>
          <p>{t("docket.review.summary", { n: r.items.length, date: formatDate(r.as_of, lang), days: r.within_days })}
            {!r.converted && <> {t("docket.forecast.unconverted")}</>}</p>
          <DataTable<ReviewItem> caption={t("docket.review.caption", { days: r.within_days })} csvName={`docket-review-${r.within_days}`}
            rows={r.items} rowKey={(x) => `${x.number}/${x.task}`} rowClass={(x) => (x.late ? "row-grace" : x.unsupported ? "row-unsupported" : undefined)}
            columns={[
              {
                key: "due", label: t("docket.col.due"), value: (x) => x.due,
                render: (x) => <><span class="nowrap">{formatDate(x.due, lang)}</span>{x.late && <><br /><span class="badge badge-grace">{t("docket.urgency.grace")}</span></>}</>,
              },
              {
                key: "number", label: t("docket.col.application"),
                render: (x) => (patentLinks ? <a class="nowrap" href={`/patents/${seg(x.number)}`}>{x.number}</a> : <span class="nowrap">{x.number}</span>),
              },
              { key: "label", label: t("docket.col.task"), render: (x) => <>{x.label}<br /><code class="small">{x.task}</code></>, value: (x) => x.label },
              {
                key: "fee", label: t("docket.col.fee"), numeric: true,
                render: (x) => <Money minor={x.fee.amount_minor} currency={x.fee.currency} />,
                value: (x) => `${minorToDecimal(x.fee.amount_minor, x.fee.currency)} ${x.fee.currency}`,
              },
              {
                key: "keep_cost", label: t("docket.col.keep_cost"), numeric: true,
                render: (x) => (x.keep_cost.jpy_amount_minor !== null
                  ? <Money minor={x.keep_cost.jpy_amount_minor} currency="JPY" />
                  : <ul class="plain">{x.keep_cost.by_currency.map((c) => <li key={c.currency}><Money minor={c.amount_minor} currency={c.currency} /></li>)}</ul>),
                value: (x) => keepCostJpy(x),
              },
              { key: "expiry", label: t("docket.col.expiry"), render: (x) => <span class="nowrap">{formatDate(x.expiry, lang)}</span>, value: (x) => x.expiry ?? "" },
              {
                key: "earned_jpy_minor", label: t("docket.col.earned"), numeric: true,
                render: (x) => <Money minor={x.earned_jpy_minor} currency="JPY" />,
              },
              { key: "licensed", label: t("docket.col.licensed"), value: (x) => x.licences.join(", "), csvOnly: true },
              { key: "packages", label: t("docket.col.packages"), value: (x) => x.packages.join(", "), csvOnly: true },
              { key: "projects", label: t("docket.col.projects"), value: (x) => x.projects.join(", "), csvOnly: true },
              { key: "open_deals", label: t("docket.col.open_deals"), numeric: true },
              { key: "companies", label: t("docket.col.companies"), numeric: true },
              {
                key: "flags", label: t("docket.col.speaks_for"), value: (x) => {
                  const f = reviewFlags(x);
                  return f.length ? f.map((k) => t(`docket.flag.${k}`)).join(", ") : t("docket.flag.none");
                },
                // Each flag with what it stands on: the licences, packages, projects.
                render: (x) => {
                  const f = reviewFlags(x);
                  if (!f.length) return <strong class="unsupported">{t("docket.flag.none")}</strong>;
                  const detail: Record<string, string[]> = { licensed: x.licences, package: x.packages, project: x.projects };
                  return (
                    <ul class="plain">
                      {f.map((k) => <li key={k}>{t(`docket.flag.${k}`)}{detail[k]?.length ? <> <span class="muted small nowrap">{detail[k].join(", ")}</span></> : null}</li>)}
                    </ul>
                  );
                },
              },
              {
                key: "owners", label: t("docket.col.owners"),
                render: (x) => <><Codes list={x.owners} />{x.payer === "aggregator" && <span class="muted small">{t("docket.payer.aggregator")}</span>}</>,
                value: (x) => `${x.owners.join(", ")}${x.payer === "aggregator" ? ` (${t("docket.payer.aggregator")})` : ""}`,
              },
              ...(docketLinks ? [{
                key: "act", label: decides ? t("docket.col.decide") : t("docket.col.docket"), value: () => "",
                render: (x: ReviewItem) => <a href={`/patents/${seg(x.number)}#docket`}>{decides ? t("docket.review.decide") : t("docket.review.docket")}</a>,
              }] : []),
            ]} />
          <p class="muted">{t("docket.review.order")}</p>
        </>
      )}
    </section>
  );
}
