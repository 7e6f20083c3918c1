// /matching: pick a company (by code, or from the list, filtered by region,
// paged with the API's cursor) or a package; links to the other pages.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { Field } from "../../components/Field";
import { api, seg } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { regionName, STAFF_REGIONS } from "../../lib/vocabulary";
import { allRows } from "./model";

interface PackageRow { code: string; name_en: string; name_ja: string | null; theme: string; status: string; core: number; peripheral: number }
interface CompanyRow { code: string; name_en: string; name_ja: string | null; country: string; region: string; size: string; industry: string }

export const REGIONS = STAFF_REGIONS;

function name(lang: string, r: { name_en: string; name_ja: string | null }) {
  return lang === "ja" ? r.name_ja || r.name_en : r.name_en || r.name_ja || "";
}

export function MatchingIndex() {
  const { t, lang } = useI18n();
  const { query, route } = useLocation();
  const region = query.region ?? "";
  const cursor = query.cursor ?? "";
  const [code, setCode] = useState("");

  const packages = useApi((signal) => allRows<PackageRow>("packages", "items", {}, signal), []);
  const companies = useApi(
    (signal) => api.get<{ companies: CompanyRow[]; next_cursor: string | null }>("companies",
      { region, cursor, limit: 50 }, signal),
    [region, cursor],
  );
  const go = (q: Record<string, string>) => {
    const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v));
    const qs = params.toString();
    route(`/matching${qs ? `?${qs}` : ""}`);
  };

  return (
    <section>
      <PageTitle>{t("matching.title")}</PageTitle>
      <p>{t("matching.intro")}</p>
      <nav aria-label={t("matching.links")}>
        <ul class="link-row">
          <li><a href="/matching/assignment">{t("matching.link.assignment")}</a></li>
          <li><a href="/matching/deals">{t("matching.link.deals")}</a></li>
          <li><a href="/matching/report">{t("matching.link.report")}</a></li>
        </ul>
      </nav>

      <form class="filters" onSubmit={(e) => { e.preventDefault(); if (code.trim()) route(`/matching/companies/${seg(code.trim())}`); }}>
        <Field id="match-company" label={t("matching.company_code")}>
          {(p) => <input {...p} value={code} placeholder="C-0001" onInput={(e) => setCode(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="primary">{t("matching.open_company")}</button>
      </form>

      <h2>{t("matching.packages")}</h2>
      {packages.error !== null ? <ErrorBox error={packages.error} onRetry={packages.reload} /> : packages.loading ? <Loading /> : (
        <DataTable caption={t("matching.packages")} csvName="packages" rowKey={(r) => r.code} rows={packages.data ?? []}
          columns={[
            { key: "code", label: t("matching.col.code"), render: (r) => <a href={`/matching/packages/${seg(r.code)}`}>{r.code}</a> },
            { key: "name", label: t("matching.col.name"), value: (r) => name(lang, r) },
            { key: "theme", label: t("matching.col.theme") },
            { key: "status", label: t("matching.col.status") },
            { key: "core", label: t("matching.col.core"), numeric: true },
            { key: "peripheral", label: t("matching.col.peripheral"), numeric: true },
          ]} />
      )}

      <h2>{t("matching.companies")}</h2>
      <div class="filters">
        <Field id="match-region" label={t("matching.region")}>
          {(p) => (
            <select {...p} value={region} onChange={(e) => go({ region: e.currentTarget.value })}>
              <option value="">{t("matching.region.any")}</option>
              {REGIONS.map((r) => <option key={r} value={r}>{regionName(t, lang, r)}</option>)}
            </select>
          )}
        </Field>
      </div>
      {companies.error !== null ? <ErrorBox error={companies.error} onRetry={companies.reload} /> : companies.loading ? <Loading /> : (
        <DataTable caption={t("matching.companies")} csvName="companies" rowKey={(r) => r.code}
          rows={companies.data?.companies ?? []}
          exportAll={(onProgress) => allRows<CompanyRow>("companies", "companies", { region }).then((rows) => { onProgress(rows.length); return rows; })}
          columns={[
            { key: "code", label: t("matching.col.code"), render: (r) => <a href={`/matching/companies/${seg(r.code)}`}>{r.code}</a> },
            { key: "name", label: t("matching.col.name"), value: (r) => name(lang, r) },
            { key: "country", label: t("matching.col.country") },
            { key: "region", label: t("matching.region"), value: (r) => regionName(t, lang, r.region) },
            { key: "industry", label: t("matching.col.industry") },
            { key: "size", label: t("matching.col.size") },
          ]}
          footer={
            <div class="pager">
              {cursor && <button type="button" onClick={() => go({ region })}>{t("matching.first")}</button>}
              {companies.data?.next_cursor && (
                <button type="button" onClick={() => go({ region, cursor: companies.data?.next_cursor ?? "" })}>{t("matching.more")}</button>
              )}
            </div>
          } />
      )}
    </section>
  );
}
