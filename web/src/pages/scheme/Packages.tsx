// Packages: the list on a day (?as_of=YYYY-MM-DD → the API's ?at=), and one
// package's dated membership on that day (core/peripheral, weights and
// exact shares), its licences in force then, and the membership history.
import { useLocation } from "preact-iso";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { allPages, api, ApiError, seg, type Page } from "../../lib/api";
import { formatDate, formatShare } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { useDraft } from "../../lib/useDraft";
import { fieldErrorText, ownersText, PatentLink, word, type Owner } from "../patents/shared";
import { SchemeNav, schemeUrl } from "./SchemeNav";

interface PackageRow {
  code: string; name_en: string; name_ja: string; theme: string; status: string; created_on: string;
  core: number; peripheral: number;
}
interface Member {
  application_number: string; role: string; weight: number; share: string; added_on: string; weight_since: string;
  simple_family: string; title: string; owners: Owner[];
}
interface Licence { agreement: string; licensee: string; exclusive: boolean; starts_on: string; ends_on: string }
interface HistoryRow { application_number: string; role: string; weight: number; added_on: string; removed_on: string | null }
interface PackageView extends PackageRow {
  at: string; total_weight: number; members: Member[]; licences: Licence[]; history?: HistoryRow[];
}

const STATUSES = ["draft", "marketed", "licensed", "retired"];

function name(lang: string, p: { name_en: string; name_ja: string }): string {
  return lang === "ja" ? p.name_ja || p.name_en : p.name_en || p.name_ja;
}

/** The as-of form: a date (and a status on the list), kept in the URL. */
function AsOfForm({ path, asOf, status, error }: { path: string; asOf: string; status?: string; error: unknown }) {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const [draft, setDraft] = useDraft(() => ({ asOf, status: status ?? "" }), `${asOf}\n${status ?? ""}`);
  const dateError = dateRefusal(error) ? fieldErrorText(error, lang, t) : null;
  return (
    <form class="filters" onSubmit={(e) => { e.preventDefault(); route(schemeUrl(path, { as_of: draft.asOf, status: draft.status })); }}>
      <Field id="pkg-as-of" label={t("pkg.as_of")} hint={t("pkg.as_of.hint")} error={dateError}>
        {(p) => <input {...p} type="date" value={draft.asOf} onInput={(e) => { const v = e.currentTarget.value; setDraft((prev) => ({ ...prev, asOf: v })); }} />}
      </Field>
      {status !== undefined && (
        <Field id="pkg-status" label={t("pkg.status")}>
          {(p) => <select {...p} value={draft.status} onChange={(e) => { const v = e.currentTarget.value; setDraft((prev) => ({ ...prev, status: v })); }}>
            <option value="">{t("agg.any")}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`pkgstatus.${s}`)}</option>)}
          </select>}
        </Field>
      )}
      <div class="filter-buttons"><button type="submit" class="primary">{t("pkg.show")}</button></div>
    </form>
  );
}

export function Packages() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const asOf = query.as_of ?? "";
  const status = query.status ?? "";
  const after = query.after ?? "";
  const loaded = useApi((signal) => api.get<Page<PackageRow> & { at?: string }>("packages",
    { at: asOf, status, limit: 100, cursor: after }, signal), [asOf, status, after]);
  const fieldErr = dateRefusal(loaded.error);
  return (
    <section>
      <SchemeNav />
      <PageTitle>{t("pkg.title")}</PageTitle>
      <AsOfForm path="/scheme/packages" asOf={asOf} status={status} error={loaded.error} />
      {loaded.error && !fieldErr ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : !loaded.data ? (!fieldErr && <Loading />) : (
        <DataTable<PackageRow>
          caption={t("pkg.caption", { date: formatDate(asOf || new Date().toISOString().slice(0, 10), lang) })}
          columns={[
            { key: "code", label: t("pkg.col.code"), render: (p) => <a href={schemeUrl(`/scheme/packages/${seg(p.code)}`, { as_of: asOf })}>{p.code}</a> },
            { key: "name", label: t("pkg.col.name"), value: (p) => name(lang, p) },
            { key: "theme", label: t("pkg.col.theme") },
            { key: "status", label: t("pkg.col.status"), value: (p) => word(t, lang, "pkgstatus", p.status) },
            { key: "created_on", label: t("pkg.col.created_on"), render: (p) => formatDate(p.created_on, lang) },
            { key: "core", label: t("pkg.col.core"), numeric: true },
            { key: "peripheral", label: t("pkg.col.peripheral"), numeric: true },
          ]}
          rows={loaded.data.items}
          rowKey={(p) => p.code}
          csvName={`packages${asOf ? `-${asOf}` : ""}`}
          exportAll={(onProgress) => allPages<PackageRow>("packages", { at: asOf, status }, onProgress)}
          footer={loaded.data.next_cursor && (
            <nav class="pager" aria-label={t("pkg.title")}>
              <a href={schemeUrl("/scheme/packages", { as_of: asOf, status, after: loaded.data.next_cursor })} rel="next">{t("agg.next")}</a>
            </nav>
          )}
        />
      )}
    </section>
  );
}

/** The as-of date is what a refusal names ("at", or "date": no members on that day). */
function dateRefusal(e: unknown): boolean {
  return e instanceof ApiError && e.status !== 404 && (e.field === "at" || e.field === "date");
}

export function PackagePage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const asOf = query.as_of ?? "";
  const loaded = useApi((signal) => api.get<PackageView>(`packages/${seg(code)}`, { at: asOf, history: true }, signal), [code, asOf]);
  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <ErrorBox error={loaded.error} />;
  const fieldErr = dateRefusal(loaded.error);
  const p = loaded.data;
  const yes = (b: boolean) => (b ? t("pkg.yes") : t("pkg.no"));
  return (
    <section>
      <SchemeNav />
      <PageTitle>{t("pkg.detail.title", { code })}</PageTitle>
      <AsOfForm path={`/scheme/packages/${seg(code)}`} asOf={asOf} error={loaded.error} />
      {loaded.error && !fieldErr && <ErrorBox error={loaded.error} onRetry={loaded.reload} />}
      {!p ? (!loaded.error && <Loading />) : (
        <>
          <dl class="facts">
            <dt>{t("pkg.col.name")}</dt><dd>{name(lang, p)}</dd>
            <dt>{t("pkg.col.theme")}</dt><dd>{p.theme}</dd>
            <dt>{t("pkg.col.status")}</dt><dd data-testid="package-status">{word(t, lang, "pkgstatus", p.status)}</dd>
            <dt>{t("pkg.col.created_on")}</dt><dd>{formatDate(p.created_on, lang)}</dd>
            <dt>{t("pkg.total_weight")}</dt><dd>{p.total_weight}</dd>
          </dl>
          <DataTable<Member>
            caption={t("pkg.members", { date: formatDate(p.at, lang) })}
            columns={[
              { key: "application_number", label: t("pkg.col.application"), render: (m) => <PatentLink number={m.application_number} /> },
              { key: "title", label: t("agg.col.title") },
              { key: "role", label: t("pkg.col.role"), value: (m) => word(t, lang, "role", m.role) },
              { key: "weight", label: t("pkg.col.weight"), numeric: true },
              { key: "share", label: t("pkg.col.share"), value: (m) => formatShare(m.share, lang) },
              { key: "added_on", label: t("pkg.col.added_on"), render: (m) => formatDate(m.added_on, lang) },
              { key: "weight_since", label: t("pkg.col.weight_since"), render: (m) => formatDate(m.weight_since, lang) },
              { key: "owners", label: t("pkg.col.owners"), value: (m) => ownersText(m.owners, lang) },
            ]}
            rows={p.members} rowKey={(m) => m.application_number} csvName={`package-${p.code}-${p.at}`} />
          <DataTable<Licence>
            caption={t("pkg.licences")}
            columns={[
              { key: "agreement", label: t("pkg.col.agreement") },
              { key: "licensee", label: t("pkg.col.licensee") },
              { key: "exclusive", label: t("pkg.col.exclusive"), value: (l) => yes(l.exclusive) },
              { key: "starts_on", label: t("pkg.col.starts_on"), render: (l) => formatDate(l.starts_on, lang) },
              { key: "ends_on", label: t("pkg.col.ends_on"), render: (l) => formatDate(l.ends_on, lang) },
            ]}
            rows={p.licences} rowKey={(l) => l.agreement} csvName={`package-${p.code}-licences`} />
          <DataTable<HistoryRow>
            caption={t("pkg.history")}
            columns={[
              { key: "application_number", label: t("pkg.col.application"), render: (m) => <PatentLink number={m.application_number} /> },
              { key: "role", label: t("pkg.col.role"), value: (m) => word(t, lang, "role", m.role) },
              { key: "weight", label: t("pkg.col.weight"), numeric: true },
              { key: "added_on", label: t("pkg.col.added_on"), render: (m) => formatDate(m.added_on, lang) },
              { key: "removed_on", label: t("pkg.col.removed_on"), render: (m) => formatDate(m.removed_on, lang), value: (m) => m.removed_on ?? "" },
            ]}
            rows={p.history ?? []} rowKey={(m) => `${m.application_number}-${m.added_on}`} csvName={`package-${p.code}-history`} />
        </>
      )}
    </section>
  );
}
