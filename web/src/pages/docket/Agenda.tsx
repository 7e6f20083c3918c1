// The agenda (GET /api/v1/docket): every application's tasks soonest first,
// this month unless the URL names a range; filters in the query string;
// overdue (in the grace period) and missed rows marked; keyset pages read
// on request; the whole filtered list as CSV; and the calendar
// subscriptions of the signed-in user (the URL with its secret shown once).
import { PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { allPages } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { FilterInput, PagedStatus, useFilters, usePaged } from "../money/ui";
import { DocketNav } from "./DocketNav";
import { agendaFilters, agendaQuery, OFFICES, TASK_KINDS, TASK_STATUSES, type DocketTask } from "./model";
import { kindWord, rowMark, statusWord, taskColumns, today } from "./parts";
import { Subscriptions } from "./Subscriptions";
import { useDraft } from "../../lib/useDraft";

export function Agenda() {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const [query, setQuery] = useFilters();
  const on = today();
  const filters = agendaFilters(query, on);
  const apiQuery = agendaQuery(filters);
  const paged = usePaged<DocketTask>("docket", apiQuery);
  // The back button changes the URL: the date boxes follow it (useDraft:
  // only on a change after mount, so nothing typed first is wiped).
  const [from, setFrom] = useDraft(() => filters.from, `from:${filters.from}`);
  const [to, setTo] = useDraft(() => filters.to, `to:${filters.to}`);
  const applyDates = (e: Event) => {
    e.preventDefault();
    setQuery({ from, to });
  };
  const select = (id: string, name: keyof typeof filters, label: string, options: readonly string[], word: (v: string) => string) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={filters[name]} onChange={(e) => setQuery({ [name]: e.currentTarget.value || null })}>
        <option value="">{t("docket.filter.all")}</option>
        {options.map((o) => <option key={o} value={o}>{word(o)}</option>)}
      </select>
    </div>
  );
  return (
    <section class="docket">
      <PageTitle>{t("docket.agenda.title")}</PageTitle>
      <DocketNav />
      <p class="muted">{t("docket.agenda.lead")}</p>
      <form class="filters" onSubmit={applyDates} aria-label={t("docket.filters")}>
        <div class="field">
          <label for="f-from">{t("docket.filter.from")}</label>
          <input id="f-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="f-to">{t("docket.filter.to")}</label>
          <input id="f-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        <div class="filter-buttons">
          <button type="submit">{t("docket.filter.apply")}</button>
          <button type="button" onClick={() => setQuery({ from: null, to: null })}>
            {t("docket.filter.this_month")}
          </button>
        </div>
        {select("f-jurisdiction", "jurisdiction", t("docket.filter.jurisdiction"), OFFICES, (v) => v)}
        {select("f-kind", "kind", t("docket.filter.kind"), TASK_KINDS, (v) => kindWord(t, lang, v))}
        {select("f-status", "status", t("docket.filter.status"), TASK_STATUSES, (v) => statusWord(t, lang, v))}
        {!session.institution && (
          <FilterInput id="f-institution" label={t("docket.filter.institution")} value={filters.institution}
            onApply={(v) => setQuery({ institution: v || null })} />
        )}
      </form>
      <p class="legend muted">
        <span class="badge badge-grace">{t("docket.urgency.grace")}</span> {t("docket.legend.grace")}{" "}
        <span class="badge badge-missed">{t("docket.status.missed")}</span> {t("docket.legend.missed")}{" "}
        <abbr title={t("docket.provisional")}>*</abbr> {t("docket.provisional")}
      </p>
      <DataTable caption={t("docket.agenda.caption", { from: filters.from || "…", to: filters.to || "…" })}
        columns={taskColumns(t, lang, on, true)} rows={paged.rows}
        rowKey={(r) => `${r.application}/${r.key}`} rowClass={(r) => rowMark(r, on)} csvName="docket"
        exportAll={(progress) => allPages<DocketTask>("docket", apiQuery, progress)} />
      <PagedStatus paged={paged} />
      <Subscriptions />
    </section>
  );
}
