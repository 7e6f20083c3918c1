// Home per role: what needs doing (each item only for the roles whose API
// rights cover it, linking to the page where it is done) and the
// programme's key figures — or, for an institution's own users, its own.
import { BarChart } from "../../components/Chart";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { api, seg } from "../../lib/api";
import { formatAmount, formatCount, formatMonth, formatPercent, minorDigits } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { allRows, isoDay, OPEN_STAGES, withoutNextStep } from "../matching/model";
import "./messages";
import { homeParts, monthSeries, type Dashboard } from "./model";

interface Project { code: string; package: string; currency: string; budget_minor: number; committed_minor: number; spent_to_date_minor: number }
interface Report {
  fiscal_year: number;
  projects: Project[];
  utilisation: { licensed: number; aggregated: number; rate_bps: number; baseline_bps: number; note: string };
}
interface Summary { institution: string | null; patents: number; aggregated: number; licensed: number }

interface HomeData {
  dashboard: Dashboard;
  report: Report | null;
  summary: Summary | null;
  stale: number | null;
  open: number | null;
}

const major = (minor: number, currency: string) => minor / 10 ** minorDigits(currency);

export function Home() {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const parts = homeParts(session.role);
  const data = useApi<HomeData>(async (signal) => {
    const today = isoDay(new Date());
    const [dashboard, report, summary, deals] = await Promise.all([
      api.get<Dashboard>("programme/dashboard", { as_of: today }, signal),
      parts.report ? api.get<Report>("programme/report", undefined, signal) : Promise.resolve(null),
      parts.summary ? api.get<Summary>("portfolio/summary", undefined, signal) : Promise.resolve(null),
      parts.deals
        ? Promise.all(OPEN_STAGES.map((s) => allRows<{ stage: string; changed_on: string }>("deals", "items", { stage: s }, signal)))
          .then((lists) => lists.flat())
        : Promise.resolve(null),
    ]);
    return {
      dashboard, report, summary,
      stale: deals ? deals.filter((d) => withoutNextStep(d, today)).length : null,
      open: deals ? deals.length : null,
    };
  }, [session.user, session.role]);

  if (data.error !== null) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (data.loading || !data.data) return <Loading />;
  const { dashboard: d, report, summary, stale, open } = data.data;
  const scoped = session.institution;
  const income = monthSeries(d.income_by_month ?? []);
  const yen = (v: number) => formatAmount(Math.round(v), "JPY", lang);

  return (
    <section class="home">
      <PageTitle>{t("home.title")}</PageTitle>
      <p>{t("home.welcome", { user: session.user })}{scoped && ` ${t("home.scope", { institution: scoped })}`}</p>

      <h2>{t("home.todo")}</h2>
      <ul class="cards todo">
        {d.candidates_awaiting !== null && (
          <li class="card" data-testid="todo-candidates">
            <a href="/scheme/aggregations">{t("home.todo.candidates")}</a>
            <div class="figure">{formatCount(d.candidates_awaiting, lang)}</div>
            <p class="muted">{t("home.todo.candidates.def")}</p>
          </li>
        )}
        {stale !== null && (
          <li class="card" data-testid="todo-deals">
            <a href="/matching/deals">{t("home.todo.deals")}</a>
            <div class="figure">{formatCount(stale, lang)}</div>
            <p class="muted">{t("home.todo.deals.def", { days: 30, open: open ?? 0 })}</p>
          </li>
        )}
        {d.open_months !== null && (
          <li class="card" data-testid="todo-months">
            <a href="/money/close">{t("home.todo.months")}</a>
            <div class="figure">{formatCount(d.open_months.length, lang)}</div>
            <p class="muted">{d.open_months.length ? d.open_months.map((m) => formatMonth(m, lang)).join(lang === "ja" ? "、" : ", ") : t("home.todo.months.none")}</p>
          </li>
        )}
        {d.statements_issued_this_month !== null && (
          <li class="card" data-testid="todo-statements">
            <a href={scoped ? `/statements/${seg(scoped)}` : "/statements"}>{t("home.todo.statements")}</a>
            <div class="figure">{formatCount(d.statements_issued_this_month, lang)}</div>
            <p class="muted">{t("home.todo.statements.def", { month: formatMonth(d.as_of.slice(0, 7), lang) })}</p>
          </li>
        )}
      </ul>

      <h2>{scoped ? t("home.own_figures", { institution: scoped }) : t("home.figures")}</h2>
      <div class="cards">
        {summary && (
          <div class="card" data-testid="figure-patents">
            <div>{scoped ? t("home.patents.own", { institution: scoped }) : t("home.patents")}</div>
            <div class="figure">{formatCount(summary.patents, lang)}</div>
            {summary.patents > 0 && !scoped && <a href="/patents">{t("home.patents.link")}</a>}
            {scoped && <a href={`/patents?institution=${seg(scoped)}`}>{t("home.patents.link")}</a>}
          </div>
        )}
        {report && (
          <div class="card utilisation" data-testid="figure-utilisation">
            <div>{t("home.utilisation")}</div>
            <div class="figure">{formatPercent(report.utilisation.rate_bps / 10000, lang)}</div>
            <p>{t("home.utilisation.counts", { licensed: report.utilisation.licensed, aggregated: report.utilisation.aggregated })}</p>
            <p class="muted">{t("home.utilisation.def")}</p>
            <p class="baseline"><strong>{t("home.baseline", { rate: formatPercent(report.utilisation.baseline_bps / 10000, lang) })}</strong></p>
            <p class="muted">{t("home.baseline.note")}</p>
          </div>
        )}
      </div>

      {d.income_by_month !== null && (income.length === 0 ? (
        <p class="muted" data-testid="income-none">{t("home.income.none")}</p>
      ) : (
        <BarChart title={scoped ? t("home.income.own", { institution: scoped }) : t("home.income")}
          labels={income.map((r) => formatMonth(r.month, lang))}
          series={[{ label: t("home.income.series"), values: income.map((r) => major(r.amount_minor, "JPY")) }]}
          format={yen} />
      ))}

      {report && report.projects.length > 0 && (
        <BarChart title={t("home.budget", { fy: report.fiscal_year })} labels={report.projects.map((p) => p.code)}
          series={[
            { label: t("home.budget.budget"), values: report.projects.map((p) => major(p.budget_minor, p.currency)) },
            { label: t("home.budget.committed"), values: report.projects.map((p) => major(p.committed_minor, p.currency)) },
            { label: t("home.budget.spent"), values: report.projects.map((p) => major(p.spent_to_date_minor, p.currency)) },
          ]}
          format={yen} />
      )}
    </section>
  );
}
