// /matching/companies/<code> and /matching/packages/<code>: the ranked
// matches, each score as its components (bars on one scale, with the
// weights) and its reasons; ?top= and ?date= in the URL.
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { Field } from "../../components/Field";
import { api, seg } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { LeftOut, Reasons, ScoreBars, type MatchResult, type Ranking } from "./parts";

function RankedPage({ kind }: { kind: "company" | "package" }) {
  const { t, lang } = useI18n();
  const { params } = useRoute();
  const { query, route, path } = useLocation();
  const code = params.code ?? "";
  const top = query.top ?? "20";
  const date = query.date ?? "";
  const [form, setForm] = useState({ top, date });
  const data = useApi(
    (signal) => api.get<Ranking & { name: string }>(`matches/${kind}/${seg(code)}`, { top, date }, signal),
    [kind, code, top, date],
  );
  if (data.error !== null) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (data.loading || !data.data) return <Loading />;
  const r = data.data;
  const submit = (e: Event) => {
    e.preventDefault();
    const q = new URLSearchParams(Object.entries(form).filter(([, v]) => v));
    route(`${path}?${q.toString()}`);
  };
  const other = (m: MatchResult) => (kind === "company"
    ? { code: m.package, name: m.package_name, href: `/matching/packages/${seg(m.package)}` }
    : { code: m.company, name: m.company_name, href: `/matching/companies/${seg(m.company)}` });
  return (
    <section>
      <PageTitle>{t(kind === "company" ? "matching.company.title" : "matching.package.title", { code })}</PageTitle>
      <p class="lead-name">{r.name} — {t("matching.as_of")}: {formatDate(r.as_of, lang)}</p>
      <form class="filters" onSubmit={submit}>
        <Field id="rank-top" label={t("matching.top")}>
          {(p) => <input {...p} type="number" min={1} max={1000} value={form.top} onInput={(e) => { const v = e.currentTarget.value; setForm((prev) => ({ ...prev, top: v })); }} />}
        </Field>
        <Field id="rank-date" label={t("matching.as_of")}>
          {(p) => <input {...p} type="date" value={form.date} onInput={(e) => { const v = e.currentTarget.value; setForm((prev) => ({ ...prev, date: v })); }} />}
        </Field>
        <button type="submit">{t("matching.show")}</button>
      </form>
      <p class="muted">{t("matching.scale")}</p>
      <DataTable caption={t("matching.ranked", { n: r.results.length })} csvName={`matches-${code}`}
        rowKey={(m) => `${m.company}/${m.package}`} rows={r.results}
        columns={[
          { key: "rank", label: t("matching.col.rank"), numeric: true },
          { key: "other", label: t(kind === "company" ? "matching.packages" : "matching.companies"), value: (m) => other(m).code,
            render: (m) => <><a href={other(m).href}>{other(m).code}</a><br /><span class="muted">{other(m).name}</span></> },
          { key: "score", label: t("matching.col.score"), numeric: true },
          { key: "components", label: t("matching.col.components"),
            value: (m) => Object.entries(m.components).map(([k, c]) => `${k}=${c.points}`).join(" "),
            render: (m) => <ScoreBars components={m.components} /> },
          { key: "reason", label: t("matching.col.reason"),
            value: (m) => [...m.codes.map((c) => c.code), ...m.terms.map((w) => w.term)].join(" "),
            render: (m) => <Reasons r={m} /> },
          { key: "deal", label: t("matching.col.deal"), value: () => "",
            render: (m) => <a href={`/matching/deals?company=${seg(m.company)}&package=${seg(m.package)}`}>{t("matching.deal.open")}</a> },
        ]} />
      <LeftOut ranking={r} />
    </section>
  );
}

// Keyed by the URL: another company or another ?top= starts afresh (the
// form shows what the URL says, also after the back button).
export function CompanyMatches() {
  return <RankedPage kind="company" key={useLocation().url} />;
}

export function PackageMatches() {
  return <RankedPage kind="package" key={useLocation().url} />;
}
