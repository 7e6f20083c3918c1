// Super Highway projects: budget, commitments, spending and what is
// recoverable, per project (GET /api/v1/projects) and in detail with the
// contracts and staff (GET /api/v1/projects/{code}).
import { Fragment } from "preact";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { api, seg } from "../../lib/api";
import { formatAmount, formatDate } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { regionName } from "../../lib/vocabulary";
import { useApi } from "../../lib/useApi";
import { PatentLink, word } from "../patents/shared";
import { SchemeNav } from "./SchemeNav";

interface Project {
  code: string; package: string; basic_patents: string[]; from: string; to: string; currency: string;
  budget_minor: number; committed_minor: number; spent_minor: number; remaining_minor: number; recoverable_spent_minor: number;
}
interface Contract {
  id: number; institution: string; currency: string; amount_minor: number; spent_minor: number; left_minor: number;
  from: string; to: string; deliverable: string; status: string; recoverable: boolean;
}
interface Staff { id: number; project: string; name: string; region: string; from: string; to: string | null }
interface ProjectDetail extends Project { contracts: Contract[]; staff: Staff[] }

export function Projects() {
  const { t, lang } = useI18n();
  const loaded = useApi((signal) => api.get<Project[]>("projects", undefined, signal), []);
  const money = (k: keyof Project, label: string) => ({
    key: k, label, numeric: true,
    render: (p: Project) => formatAmount(p[k] as number, p.currency, lang),
    value: (p: Project) => p[k] as number,
  });
  return (
    <section>
      <SchemeNav />
      <PageTitle>{t("prj.title")}</PageTitle>
      {loaded.error ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : !loaded.data ? <Loading /> : (
        <DataTable<Project>
          caption={t("prj.caption")}
          columns={[
            { key: "code", label: t("prj.col.code"), render: (p) => <a href={`/scheme/projects/${seg(p.code)}`}>{p.code}</a> },
            { key: "package", label: t("prj.col.package") },
            { key: "basic_patents", label: t("prj.col.basic"), value: (p) => p.basic_patents.join("; ") },
            { key: "period", label: t("prj.col.period"), value: (p) => `${formatDate(p.from, lang)} – ${formatDate(p.to, lang)}` },
            money("budget_minor", t("prj.col.budget")),
            money("committed_minor", t("prj.col.committed")),
            money("spent_minor", t("prj.col.spent")),
            money("remaining_minor", t("prj.col.remaining")),
            money("recoverable_spent_minor", t("prj.col.recoverable")),
          ]}
          rows={loaded.data} rowKey={(p) => p.code} csvName="projects" />
      )}
      <p class="muted">{t("prj.recoverable.note")}</p>
    </section>
  );
}

export function ProjectPage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  // Finance may not open patent pages: the numbers are shown without links.
  const patentLinks = session.role !== "finance";
  const loaded = useApi((signal) => api.get<ProjectDetail>(`projects/${seg(code)}`, undefined, signal), [code]);
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const p = loaded.data;
  const amt = (m: number, c = p.currency) => formatAmount(m, c, lang);
  return (
    <section>
      <SchemeNav />
      <PageTitle>{t("prj.detail.title", { code: p.code })}</PageTitle>
      <dl class="facts">
        <dt>{t("prj.col.package")}</dt><dd>{p.package}</dd>
        <dt>{t("prj.col.basic")}</dt><dd>{p.basic_patents.map((n, i) => <Fragment key={n}>{i > 0 && "; "}{patentLinks ? <PatentLink number={n} /> : n}</Fragment>)}</dd>
        <dt>{t("prj.col.period")}</dt><dd>{formatDate(p.from, lang)} – {formatDate(p.to, lang)}</dd>
      </dl>
      <h2>{t("prj.money")}</h2>
      <div class="cards">
        <div class="card"><div>{t("prj.col.budget")}</div><div class="figure">{amt(p.budget_minor)}</div></div>
        <div class="card"><div>{t("prj.col.committed")}</div><div class="figure">{amt(p.committed_minor)}</div></div>
        <div class="card"><div>{t("prj.col.spent")}</div><div class="figure">{amt(p.spent_minor)}</div></div>
        <div class="card"><div>{t("prj.col.remaining")}</div><div class="figure">{amt(p.remaining_minor)}</div></div>
        <div class="card"><div>{t("prj.col.recoverable")}</div><div class="figure">{amt(p.recoverable_spent_minor)}</div></div>
      </div>
      <p class="muted">{t("prj.recoverable.note")}</p>
      <DataTable<Contract>
        caption={t("prj.contracts")}
        columns={[
          { key: "id", label: t("prj.col.id"), numeric: true },
          { key: "institution", label: t("prj.col.institution") },
          { key: "amount_minor", label: t("prj.col.amount"), numeric: true, render: (c) => amt(c.amount_minor, c.currency) },
          { key: "spent_minor", label: t("prj.col.spent"), numeric: true, render: (c) => amt(c.spent_minor, c.currency) },
          { key: "left_minor", label: t("prj.col.left"), numeric: true, render: (c) => amt(c.left_minor, c.currency) },
          { key: "period", label: t("prj.col.period"), value: (c) => `${formatDate(c.from, lang)} – ${formatDate(c.to, lang)}` },
          { key: "deliverable", label: t("prj.col.deliverable") },
          { key: "status", label: t("prj.col.status"), value: (c) => word(t, lang, "contract", c.status) },
          { key: "recoverable", label: t("prj.col.is_recoverable"), value: (c) => (c.recoverable ? t("pkg.yes") : t("pkg.no")) },
        ]}
        rows={p.contracts} rowKey={(c) => String(c.id)} csvName={`project-${p.code}-contracts`} />
      <DataTable<Staff>
        caption={t("prj.staff")}
        columns={[
          { key: "name", label: t("prj.col.name") },
          { key: "region", label: t("prj.col.region"), value: (s) => regionName(t, lang, s.region) },
          { key: "from", label: t("prj.col.from"), render: (s) => formatDate(s.from, lang) },
          { key: "to", label: t("prj.col.to"), render: (s) => formatDate(s.to, lang), value: (s) => s.to ?? "" },
        ]}
        rows={p.staff} rowKey={(s) => String(s.id)} csvName={`project-${p.code}-staff`} />
    </section>
  );
}
