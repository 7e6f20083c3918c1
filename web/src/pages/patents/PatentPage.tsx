// One patent: bibliographic data, owners and shares, inventors, priority
// claims, both families as a graph, aggregation with the co-owners'
// consents and the evaluations, its docket (tasks, done/waive/undo). The number in the URL may be any accepted
// spelling; the API resolves it (and answers 404 for a patent the user may
// not see: the page then shows "not found" and nothing else).
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { api, ApiError, seg } from "../../lib/api";
import { formatDate, formatShare } from "../../lib/format";
import { localTitle, useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { PatentDocketSection } from "../docket/PatentDocket";
import { FamilyGraph } from "./FamilyGraph";
import { PatentActivity } from "./PatentActivity";
import { word, type Owner, type StoredPatent } from "./shared";

export interface Evaluation {
  id: number; date: string; technology: number; market: number; rights: number;
  evaluator: string; decision: string; reason: string;
}
export interface Consent { institution: string; scope: string; date: string }
export interface AggregationView {
  application: string;
  owners: Owner[];
  aggregation: { aggregator: string; mode: string; date: string; reason?: string } | null;
  as_of: string;
  owner_of_record: Owner[];
  beneficiaries: Owner[];
  consents: Consent[];
  evaluations: Evaluation[];
}
interface FamilySet { id: string; members: string[] }
interface Families { application: string; simple_family: FamilySet; extended_family: FamilySet }

export interface PatentBundle {
  patent: StoredPatent;
  families: Families | null;
  aggregation: AggregationView;
  claims: Record<string, string[]>;
}

/** A patent page's data: the patent, then its families, aggregation and the members' claims in parallel. */
export async function loadPatent(number: string, signal: AbortSignal): Promise<PatentBundle> {
  const patent = await api.get<StoredPatent>(`patents/${seg(number)}`, undefined, signal);
  const n = seg(patent.application_number);
  const [families, aggregation] = await Promise.all([
    api.get<Families>(`families/${n}`, undefined, signal).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
    api.get<AggregationView>(`patents/${n}/aggregation`, undefined, signal),
  ]);
  const members = families ? [...new Set([...families.simple_family.members, ...families.extended_family.members])] : [];
  const claims: Record<string, string[]> = { [patent.application_number]: patent.priority_claims.map((c) => c.number) };
  // The members' own priority claims draw the edges; a family is a handful
  // of applications (bounded here all the same).
  await Promise.all(members.filter((m) => m !== patent.application_number).slice(0, 60).map(async (m) => {
    try {
      const p = await api.get<StoredPatent>(`patents/${seg(m)}`, undefined, signal);
      claims[m] = p.priority_claims.map((c) => c.number);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }));
  return { patent, families, aggregation, claims };
}

export function ConsentTable({ view }: { view: AggregationView }) {
  const { t, lang } = useI18n();
  const rows = view.owners.map((o) => ({ ...o, consents: view.consents.filter((c) => c.institution === o.institution) }));
  return (
    <DataTable
      caption={t("patent.consents")}
      columns={[
        { key: "institution", label: t("patent.institution") },
        { key: "share", label: t("patent.share"), value: (r) => formatShare(r.share, lang) },
        {
          key: "consents", label: t("patent.consents"),
          value: (r) => r.consents.length
            ? r.consents.map((c) => t("patent.consent.given", { scope: word(t, lang, "scope", c.scope), date: formatDate(c.date, lang) })).join("; ")
            : t("patent.consent.none"),
          render: (r) => r.consents.length
            ? <span class="consent-yes">{r.consents.map((c) => t("patent.consent.given", { scope: word(t, lang, "scope", c.scope), date: formatDate(c.date, lang) })).join("; ")}</span>
            : <span class="consent-no">{t("patent.consent.none")}</span>,
        },
      ]}
      rows={rows}
      rowKey={(r) => r.institution}
      csvName={`consents-${view.application}`}
    />
  );
}

export function EvaluationTable({ evaluations, name }: { evaluations: Evaluation[]; name: string }) {
  const { t, lang } = useI18n();
  return (
    <DataTable
      caption={t("patent.evaluations")}
      columns={[
        { key: "date", label: t("patent.eval.date"), render: (e) => formatDate(e.date, lang) },
        { key: "scores", label: t("patent.eval.scores"), value: (e) => `${e.technology} / ${e.market} / ${e.rights}` },
        { key: "evaluator", label: t("patent.eval.evaluator") },
        { key: "decision", label: t("patent.eval.decision"), value: (e) => word(t, lang, "decision", e.decision) },
        { key: "reason", label: t("patent.eval.reason") },
      ]}
      rows={evaluations}
      rowKey={(e) => String(e.id)}
      csvName={`evaluations-${name}`}
    />
  );
}

export function PatentPage({ number }: { number: string }) {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const loaded = useApi((signal) => loadPatent(number, signal), [number]);
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { patent: p, families, aggregation: ag, claims } = loaded.data;
  const canWrite = session.role === "admin" || session.role === "ip_manager";
  const simple = families?.simple_family;
  const extended = families?.extended_family;
  const same = simple && extended && simple.members.join() === extended.members.join();
  return (
    <article class="patent">
      <PageTitle actions={canWrite && <a class="button" href={`/patents/${seg(p.application_number)}/edit`}>{t("patent.edit")}</a>}>
        {p.application_number}
      </PageTitle>
      <p class="lead">{localTitle(lang, p)}</p>
      <h2>{t("patent.facts")}</h2>
      <dl class="facts">
        <dt>{t("patent.jurisdiction")}</dt><dd>{p.jurisdiction}</dd>
        <dt>{t("patent.kind")}</dt><dd>{word(t, lang, "kind", p.kind)}</dd>
        <dt>{t("patent.filing_date")}</dt><dd>{formatDate(p.filing_date, lang)}</dd>
        <dt>{t("patent.status")}</dt><dd>{word(t, lang, "status", p.status)}</dd>
        <dt>{t("patent.stage")}</dt><dd>{word(t, lang, "stage", p.stage)}</dd>
        <dt>{t("patent.title_ja")}</dt><dd lang="ja">{p.title_ja}</dd>
        <dt>{t("patent.title_en")}</dt><dd lang="en">{p.title}</dd>
        {p.publication_number && <><dt>{t("patent.publication")}</dt><dd>{p.publication_number} {formatDate(p.publication_date, lang)}</dd></>}
        {p.grant_number && <><dt>{t("patent.grant")}</dt><dd>{p.grant_number} {formatDate(p.grant_date, lang)}</dd></>}
        <dt>{t("patent.ipc")}</dt><dd>{p.ipc.join("; ")}</dd>
        {p.claims !== null && p.claims !== undefined && <><dt>{t("patent.claims")}</dt><dd>{p.claims}</dd></>}
      </dl>

      <h2>{t("patent.owners")}</h2>
      <DataTable
        caption={t("patent.owners")}
        columns={[
          { key: "institution", label: t("patent.institution") },
          { key: "share", label: t("patent.share"), value: (o) => formatShare(o.share, lang) },
        ]}
        rows={p.owners} rowKey={(o) => o.institution} csvName={`owners-${p.application_number}`} />

      <h2>{t("patent.inventors")}</h2>
      <DataTable
        caption={t("patent.inventors")}
        columns={[
          { key: "name", label: t("patent.inventor") },
          { key: "institution", label: t("patent.institution") },
        ]}
        rows={p.inventors} rowKey={(i) => `${i.name}@${i.institution ?? ""}`} csvName={`inventors-${p.application_number}`} />

      <h2>{t("patent.priority")}</h2>
      <DataTable
        caption={t("patent.priority")}
        columns={[
          { key: "number", label: t("patent.priority.number") },
          { key: "date", label: t("patent.priority.date"), render: (c) => formatDate(c.date, lang), value: (c) => c.date ?? "" },
          { key: "kind", label: t("patent.priority.kind"), value: (c) => word(t, lang, "claimkind", c.kind ?? "paris") },
          { key: "active", label: t("patent.priority.active"), value: (c) => (c.active === false ? t("patent.no") : t("patent.yes")) },
        ]}
        rows={p.priority_claims} rowKey={(c) => c.number} csvName={`priority-${p.application_number}`} />

      <h2>{t("patent.families")}</h2>
      {families && simple && extended ? (
        <>
          <p>
            <a href={`/families/${seg(p.application_number)}`}>{t("patent.family_page")}</a>
          </p>
          <FamilyGraph members={simple.members} claims={claims} current={p.application_number}
            label={`${t("patent.simple_family", { id: simple.id, n: simple.members.length })} — ${t("patent.graph")}`} />
          {same ? <p>{t("patent.graph.same")}</p> : (
            <FamilyGraph members={extended.members} claims={claims} current={p.application_number}
              label={`${t("patent.extended_family", { id: extended.id, n: extended.members.length })} — ${t("patent.graph")}`} />
          )}
        </>
      ) : <p class="muted">{t("table.empty")}</p>}

      <h2>{t("patent.aggregation")}</h2>
      {ag.aggregation ? (
        <p>{t("patent.aggregated", {
          aggregator: ag.aggregation.aggregator, date: formatDate(ag.aggregation.date, lang),
          mode: word(t, lang, "mode", ag.aggregation.mode),
        })}{ag.aggregation.reason ? ` — ${ag.aggregation.reason}` : ""}</p>
      ) : <p>{t("patent.not_aggregated")}</p>}
      {ag.aggregation && (
        <dl class="facts">
          <dt>{t("patent.owner_of_record")}</dt><dd>{ag.owner_of_record.map((o) => `${o.institution} ${formatShare(o.share, lang)}`).join("; ")}</dd>
          <dt>{t("patent.beneficiaries")}</dt><dd>{ag.beneficiaries.map((o) => `${o.institution} ${formatShare(o.share, lang)}`).join("; ")}</dd>
        </dl>
      )}
      <ConsentTable view={ag} />
      <EvaluationTable evaluations={ag.evaluations} name={p.application_number} />

      <PatentDocketSection number={p.application_number} aggregated={ag.aggregation !== null} />

      <PatentActivity number={p.application_number} />
    </article>
  );
}
