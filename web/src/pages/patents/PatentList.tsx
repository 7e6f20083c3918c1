// The registry as a table: filters in the URL (a filtered list has its own
// address), keyset pages (one API call per page: `after` is the API's
// next_cursor), a number typed in the search box opens that patent when the
// registry resolves it (any accepted spelling), the whole filtered list
// exportable as CSV with progress.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable, type Column } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { allPages, api, ApiError, seg, type Page } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { localTitle, useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { useDraft } from "../../lib/useDraft";
import { apiQuery, filterField, listUrl, looksLikeNumber, patentPath, readFilters, type ListFilters } from "./logic";
import { STATUSES } from "./messages";
import { fieldErrorText, ownersText, PatentLink, word, type StoredPatent } from "./shared";

const PAGE = 50;

interface Families { simple_family: { id: string; members: string[] }; extended_family: { id: string; members: string[] } }

/** A family's applications (the members the API shows this user), other filters applied here. */
async function familyRows(f: ListFilters, signal: AbortSignal): Promise<StoredPatent[]> {
  const fam = await api.get<Families>(`families/${seg(f.family)}`, undefined, signal);
  const members = [...new Set([...fam.simple_family.members, ...fam.extended_family.members])].slice(0, 500);
  const rows = await Promise.all(members.map((m) =>
    api.get<StoredPatent>(`patents/${seg(m)}`, undefined, signal).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    })));
  const words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((p): p is StoredPatent => !!p).filter((p) =>
    (!f.institution || p.owners.some((o) => o.institution === f.institution)) &&
    (!f.jurisdiction || p.jurisdiction.toUpperCase() === f.jurisdiction.toUpperCase()) &&
    (!f.status || p.status === f.status) &&
    (!f.ipc || p.ipc.some((c) => c.replace(/\s/g, "").toUpperCase().startsWith(f.ipc.replace(/\s/g, "").toUpperCase()))) &&
    (!f.from || p.filing_date >= f.from) && (!f.to || p.filing_date <= f.to) &&
    (!words.length || words.every((w) => `${p.title ?? ""} ${p.title_ja ?? ""}`.toLowerCase().includes(w))));
}

export function PatentList() {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const { query, route } = useLocation();
  const filters = readFilters(query);
  const key = listUrl(filters);
  const [draft, setDraft] = useDraft<ListFilters>(() => readFilters(query), key);
  const [searching, setSearching] = useState(false);

  const loaded = useApi<Page<StoredPatent>>(async (signal) => {
    if (filters.family) return { items: await familyRows(filters, signal), next_cursor: null };
    return api.get<Page<StoredPatent>>("patents", { ...apiQuery(filters), limit: PAGE, cursor: filters.after }, signal);
  }, [key]);

  const institutions = useApi<Page<{ code: string; name_en?: string; name_ja?: string }>>(
    (signal) => api.get("institutions", { limit: 1000 }, signal), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const next = { ...draft, after: "" };
    if (next.q && looksLikeNumber(next.q)) {
      setSearching(true);
      try {
        const p = await api.get<StoredPatent>(`patents/${seg(next.q)}`);
        route(patentPath(p.application_number));
        return;
      } catch {
        /* not a number the registry knows: search the titles */
      } finally {
        setSearching(false);
      }
    }
    route(listUrl(next));
  };

  const scoped = session.role === "ip_manager" || session.role === "institution_viewer";
  const err = loaded.error;
  const errField = err instanceof ApiError ? filterField(err.field) : null;
  const fieldError = (k: keyof ListFilters) => (errField === k ? fieldErrorText(err, lang, t) : null);
  const set = (k: keyof ListFilters) => (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    setDraft((prev) => ({ ...prev, [k]: v }));
  };

  const columns: Column<StoredPatent>[] = [
    { key: "application_number", label: t("patents.col.number"), render: (p) => <PatentLink number={p.application_number} /> },
    { key: "title", label: t("patents.col.title"), value: (p) => localTitle(lang, p) },
    { key: "jurisdiction", label: t("patents.col.jurisdiction") },
    { key: "filing_date", label: t("patents.col.filing_date"), render: (p) => formatDate(p.filing_date, lang), value: (p) => p.filing_date },
    { key: "status", label: t("patents.col.status"), value: (p) => word(t, lang, "status", p.status) },
    { key: "owners", label: t("patents.col.owners"), value: (p) => ownersText(p.owners, lang) },
    { key: "ipc", label: t("patents.col.ipc"), value: (p) => p.ipc.join("; ") },
    { key: "simple_family", label: t("patents.col.family"), value: (p) => p.simple_family ?? "" },
  ];

  const canWrite = session.role === "admin" || session.role === "ip_manager";
  const page = loaded.data;
  return (
    <section>
      <PageTitle actions={canWrite && (
        <>
          <a class="button" href="/patents/new">{t("patents.new")}</a>
          <a class="button" href="/patents/import">{t("patents.import")}</a>
        </>
      )}>{t("patents.title")}</PageTitle>
      <form class="filters" onSubmit={submit} aria-label={t("patents.filters")}>
        <Field id="pf-q" label={t("patents.q")} error={fieldError("q")} hint={t("patents.q.hint")}>
          {(p) => <input {...p} type="search" size={28} value={draft.q} onInput={set("q")} />}
        </Field>
        <Field id="pf-institution" label={t("patents.institution")} error={fieldError("institution")}>
          {(p) => <input {...p} list="pf-institutions" size={12} value={scoped && !draft.institution ? session.institution ?? "" : draft.institution}
            readOnly={scoped} onInput={set("institution")} />}
        </Field>
        <Field id="pf-role" label={t("patents.role")} error={fieldError("role")}>
          {(p) => (
            <select {...p} value={draft.role} onChange={set("role")}>
              <option value="">{t("patents.role.either")}</option>
              <option value="owner">{t("patents.role.owner")}</option>
              <option value="beneficiary">{t("patents.role.beneficiary")}</option>
            </select>
          )}
        </Field>
        <datalist id="pf-institutions">
          {(institutions.data?.items ?? []).map((i) => <option key={i.code} value={i.code}>{lang === "ja" ? i.name_ja || i.name_en : i.name_en || i.name_ja}</option>)}
        </datalist>
        <Field id="pf-jurisdiction" label={t("patents.jurisdiction")} error={fieldError("jurisdiction")}>
          {(p) => <input {...p} size={4} value={draft.jurisdiction} onInput={set("jurisdiction")} />}
        </Field>
        <Field id="pf-status" label={t("patents.status")} error={fieldError("status")}>
          {(p) => (
            <select {...p} value={draft.status} onChange={set("status")}>
              <option value="">{t("patents.any")}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
            </select>
          )}
        </Field>
        <Field id="pf-family" label={t("patents.family")}>
          {(p) => <input {...p} size={16} value={draft.family} onInput={set("family")} />}
        </Field>
        <Field id="pf-ipc" label={t("patents.ipc")} error={fieldError("ipc")}>
          {(p) => <input {...p} size={10} value={draft.ipc} onInput={set("ipc")} />}
        </Field>
        <Field id="pf-from" label={t("patents.from")} error={fieldError("from")}>
          {(p) => <input {...p} type="date" value={draft.from} onInput={set("from")} />}
        </Field>
        <Field id="pf-to" label={t("patents.to")} error={fieldError("to")}>
          {(p) => <input {...p} type="date" value={draft.to} onInput={set("to")} />}
        </Field>
        <div class="filter-buttons">
          <button type="submit" class="primary" disabled={searching}>{t("patents.apply")}</button>
          <a href="/patents">{t("patents.clear")}</a>
        </div>
      </form>
      {searching && <p role="status">{t("patents.searching")}</p>}
      {err !== null && !errField && <ErrorBox error={err} onRetry={loaded.reload} />}
      {loaded.loading && !page ? <Loading /> : page && (
        <DataTable<StoredPatent>
          caption={filters.family ? t("patents.caption.family", { family: filters.family, n: page.items.length })
            : t("patents.caption", { n: PAGE })}
          columns={columns}
          rows={page.items}
          rowKey={(p) => p.application_number}
          csvName="patents"
          exportAll={filters.family ? undefined : (onProgress) => allPages<StoredPatent>("patents", apiQuery(filters), onProgress)}
          footer={!filters.family && (
            <nav class="pager" aria-label={t("patents.title")}>
              {filters.after && <a href={listUrl({ ...filters, after: "" })}>{t("patents.first")}</a>}
              {filters.after && <button type="button" onClick={() => history.back()}>{t("patents.back")}</button>}
              {page.next_cursor && <a href={listUrl({ ...filters, after: page.next_cursor })} rel="next">{t("patents.next")}</a>}
            </nav>
          )}
        />
      )}
      {loaded.loading && page && <Loading />}
    </section>
  );
}
