// Aggregated patents with their latest evaluation (GET /api/v1/aggregations,
// keyset pages); the selected patent (?patent= in the URL) shows every
// evaluation and, for each co-owner, the consent given or not
// (GET /api/v1/patents/{number}/aggregation).
import { useLocation } from "preact-iso";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { allPages, api, seg, type Page } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { localTitle, useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { useDraft } from "../../lib/useDraft";
import { ConsentTable, EvaluationTable, type AggregationView, type Evaluation } from "../patents/PatentPage";
import { ownersText, PatentLink, word, type Owner } from "../patents/shared";
import { SchemeNav, schemeUrl } from "./SchemeNav";

interface Consent { institution: string; scope: string; date: string }
interface CandidateRow {
  application: string; title: string; title_ja: string; owners: Owner[]; consents: Consent[];
  evaluations: Evaluation[]; latest_evaluation: Evaluation | null;
}

interface AggregationRow {
  application: string; title: string; title_ja: string | null; originating: Owner[]; aggregator: string; mode: string; date: string;
  reason?: string; latest_evaluation?: Evaluation | null;
}

function Detail({ number }: { number: string }) {
  const { t } = useI18n();
  const loaded = useApi((signal) => api.get<AggregationView>(`patents/${seg(number)}/aggregation`, undefined, signal), [number]);
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  return (
    <section class="panel" aria-labelledby="agg-detail">
      <h2 id="agg-detail">{t("agg.detail", { number: loaded.data.application })}</h2>
      <ConsentTable view={loaded.data} />
      <EvaluationTable evaluations={loaded.data.evaluations} name={loaded.data.application} />
    </section>
  );
}

export function Aggregations() {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const { query, route } = useLocation();
  const institution = query.institution ?? "";
  const mode = query.mode ?? "";
  const after = query.after ?? "";
  const cafter = query.cafter ?? "";
  const selected = query.patent ?? "";
  const [draft, setDraft] = useDraft(() => ({ institution, mode }), `${institution}\n${mode}`);
  const loaded = useApi((signal) => api.get<Page<AggregationRow>>("aggregations",
    { institution, mode, limit: 50, cursor: after }, signal), [institution, mode, after]);
  const candidates = useApi((signal) => api.get<Page<CandidateRow>>("aggregation-candidates",
    { institution, limit: 50, cursor: cafter }, signal), [institution, cafter]);
  const url = (q: Record<string, string>) => schemeUrl("/scheme/aggregations", { institution, mode, after, cafter, patent: selected, ...q });
  // Each co-owner and whether it consented (to assignment or licensing) so far.
  const consentText = (c: CandidateRow) => c.owners.map((o) => {
    const given = c.consents.filter((x) => x.institution === o.institution);
    return `${o.institution}: ${given.length
      ? given.map((x) => t("patent.consent.given", { scope: word(t, lang, "scope", x.scope), date: formatDate(x.date, lang) })).join(", ")
      : t("patent.consent.none")}`;
  }).join("; ");
  const scoped = session.role === "ip_manager" || session.role === "institution_viewer";

  const evalText = (e: Evaluation | null | undefined) => e
    ? t("agg.eval", { decision: word(t, lang, "decision", e.decision), date: formatDate(e.date, lang), technology: e.technology, market: e.market, rights: e.rights })
    : t("agg.no_eval");

  return (
    <section>
      <SchemeNav />
      <PageTitle>{t("agg.title")}</PageTitle>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); route(url({ ...draft, after: "", patent: "" })); }}>
        <Field id="agg-institution" label={t("agg.institution")}>
          {(p) => <input {...p} size={12} readOnly={scoped} value={scoped ? session.institution ?? "" : draft.institution}
            onInput={(e) => { const v = e.currentTarget.value; setDraft((prev) => ({ ...prev, institution: v })); }} />}
        </Field>
        <Field id="agg-mode" label={t("agg.mode")}>
          {(p) => <select {...p} value={draft.mode} onChange={(e) => { const v = e.currentTarget.value; setDraft((prev) => ({ ...prev, mode: v })); }}>
            <option value="">{t("agg.any")}</option>
            <option value="assignment">{t("mode.assignment")}</option>
            <option value="mandate">{t("mode.mandate")}</option>
          </select>}
        </Field>
        <div class="filter-buttons"><button type="submit" class="primary">{t("agg.apply")}</button></div>
      </form>
      <h2>{t("agg.candidates")}</h2>
      <p class="muted">{t("agg.candidates.note")}</p>
      {candidates.error ? <ErrorBox error={candidates.error} onRetry={candidates.reload} /> : !candidates.data ? <Loading /> : (
        <DataTable<CandidateRow>
          caption={t("agg.candidates.caption")}
          columns={[
            { key: "application", label: t("agg.col.application"), render: (r) => <PatentLink number={r.application} /> },
            { key: "title", label: t("agg.col.title"), value: (r) => localTitle(lang, r) },
            { key: "owners", label: t("agg.col.owners"), value: (r) => ownersText(r.owners, lang) },
            {
              key: "consents", label: t("patent.consents"), value: consentText,
              render: (r) => (
                <ul class="plain">
                  {r.owners.map((o) => {
                    const given = r.consents.filter((x) => x.institution === o.institution);
                    return (
                      <li key={o.institution} class={given.length ? "consent-yes" : "consent-no"}>
                        {o.institution}: {given.length
                          ? given.map((x) => t("patent.consent.given", { scope: word(t, lang, "scope", x.scope), date: formatDate(x.date, lang) })).join(", ")
                          : t("patent.consent.none")}
                      </li>
                    );
                  })}
                </ul>
              ),
            },
            { key: "latest_evaluation", label: t("agg.col.evaluation"), value: (r) => evalText(r.latest_evaluation) },
            { key: "evaluations", label: t("agg.col.evaluations"), numeric: true, value: (r) => r.evaluations.length },
            {
              key: "detail", label: t("agg.col.detail"), value: () => "",
              render: (r) => <a href={url({ patent: r.application })} aria-label={`${t("agg.show")}: ${r.application}`}>{t("agg.show")}</a>,
            },
          ]}
          rows={candidates.data.items}
          rowKey={(r) => r.application}
          csvName="aggregation-candidates"
          exportAll={(onProgress) => allPages<CandidateRow>("aggregation-candidates", { institution }, onProgress)}
          footer={
            <nav class="pager" aria-label={t("agg.candidates.caption")}>
              {cafter && <a href={url({ cafter: "", patent: "" })}>{t("agg.first")}</a>}
              {candidates.data.next_cursor && <a href={url({ cafter: candidates.data.next_cursor, patent: "" })}>{t("agg.next")}</a>}
            </nav>
          }
        />
      )}
      <h2>{t("agg.aggregated")}</h2>
      {loaded.error ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : !loaded.data ? <Loading /> : (
        <DataTable<AggregationRow>
          caption={t("agg.caption")}
          columns={[
            { key: "application", label: t("agg.col.application"), render: (r) => <PatentLink number={r.application} /> },
            { key: "title", label: t("agg.col.title"), value: (r) => localTitle(lang, r) },
            { key: "originating", label: t("agg.col.originating"), value: (r) => ownersText(r.originating, lang) },
            { key: "aggregator", label: t("agg.col.aggregator") },
            { key: "mode", label: t("agg.col.mode"), value: (r) => word(t, lang, "mode", r.mode) },
            { key: "date", label: t("agg.col.date"), render: (r) => formatDate(r.date, lang) },
            { key: "latest_evaluation", label: t("agg.col.evaluation"), value: (r) => evalText(r.latest_evaluation) },
            {
              key: "detail", label: t("agg.col.detail"), value: () => "",
              render: (r) => <a href={url({ patent: r.application })} aria-current={selected === r.application ? "true" : undefined}
                aria-label={`${t("agg.show")}: ${r.application}`}>{t("agg.show")}</a>,
            },
          ]}
          rows={loaded.data.items}
          rowKey={(r) => r.application}
          csvName="aggregations"
          exportAll={(onProgress) => allPages<AggregationRow>("aggregations", { institution, mode }, onProgress)}
          footer={
            <nav class="pager" aria-label={t("agg.caption")}>
              {after && <a href={url({ after: "", patent: "" })}>{t("agg.first")}</a>}
              {loaded.data.next_cursor && <a href={url({ after: loaded.data.next_cursor, patent: "" })} rel="next">{t("agg.next")}</a>}
            </nav>
          }
        />
      )}
      {selected && <Detail number={selected} />}
    </section>
  );
}
