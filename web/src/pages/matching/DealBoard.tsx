// /matching/deals: the deal pipeline as a board, one column per stage. A
// deal moves by a dated change with a note (POST /api/v1/deals/{company}/
// {package}) through a form — a "move to" select, a date, the staff member
// and a note — so the board needs no dragging. The deal being moved
// (?move=COMPANY/PACKAGE) and the staff filter (?staff=) are in the URL;
// ?company=&package= fill the "open a deal" form (links from the matches).
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ErrorBox, errorText, Loading, PageTitle } from "../../components/common";
import { Field } from "../../components/Field";
import { api, ApiError, seg } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { allRows, byStage, isoDay, moveTargets, nextStage, SETTABLE_STAGES, STAGES, withoutNextStep } from "./model";
import { FormError } from "./parts";

export interface Deal {
  company: string; company_name: string; package: string; package_name: string; region: string | null;
  stage: string; staff: string | null; staff_name: string | null; opened_on: string; changed_on: string; agreement: string | null;
}
interface StaffMember { code: string; name_latin: string | null; name_ja: string | null; region: string }

function staffName(lang: string, s: StaffMember) {
  return (lang === "ja" ? s.name_ja || s.name_latin : s.name_latin || s.name_ja) || s.code;
}

function MoveForm({ deal, staff, onDone, onCancel }: { deal: Deal; staff: StaffMember[]; onDone: (msg: string) => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const targets = moveTargets(deal.stage);
  const [stage, setStage] = useState<string>(nextStage(deal.stage) ?? targets[0] ?? "");
  const [date, setDate] = useState(isoDay(new Date()));
  const [who, setWho] = useState(deal.staff ?? staff[0]?.code ?? "");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const id = `move-${deal.company}-${deal.package}`.replace(/[^A-Za-z0-9-]/g, "_");
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`deals/${seg(deal.company)}/${seg(deal.package)}`, { stage, changed_on: date, staff: who, note: note || null });
      onDone(t("deals.moved", { company: deal.company, package: deal.package, stage: t(`deals.stage.${stage}`) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldErr = (f: string) => (error instanceof ApiError && error.field === f ? errorText(error, lang, t) : null);
  return (
    <form class="move-form" onSubmit={submit} aria-label={`${t("deals.move")}: ${deal.company} × ${deal.package}`}>
      <Field id={`${id}-stage`} label={t("deals.move_to")} error={fieldErr("stage")}>
        {(p) => (
          <select {...p} ref={first} value={stage} onChange={(e) => setStage(e.currentTarget.value)}>
            {targets.map((s) => <option key={s} value={s}>{t(`deals.stage.${s}`)}</option>)}
          </select>
        )}
      </Field>
      <Field id={`${id}-date`} label={t("deals.changed_on")} error={fieldErr("changed_on")}>
        {(p) => <input {...p} type="date" required value={date} onInput={(e) => setDate(e.currentTarget.value)} />}
      </Field>
      <Field id={`${id}-staff`} label={t("deals.staff_member")} error={fieldErr("staff")}>
        {(p) => (
          <select {...p} value={who} onChange={(e) => setWho(e.currentTarget.value)}>
            {staff.map((s) => <option key={s.code} value={s.code}>{staffName(lang, s)} ({s.code})</option>)}
          </select>
        )}
      </Field>
      <Field id={`${id}-note`} label={t("deals.note")} error={fieldErr("note")}>
        {(p) => <textarea {...p} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <FormError error={error} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy || !who}>{busy ? t("deals.saving") : t("deals.save")}</button>
        <button type="button" onClick={onCancel}>{t("deals.cancel")}</button>
      </div>
    </form>
  );
}

function NewDeal({ staff, company, pkg, onDone }: { staff: StaffMember[]; company: string; pkg: string; onDone: (msg: string) => void }) {
  const { t, lang } = useI18n();
  const [form, setForm] = useState({ company, package: pkg, stage: "lead", date: isoDay(new Date()), staff: staff[0]?.code ?? "", note: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof form) => (e: Event) => { const v = (e.currentTarget as HTMLInputElement).value; setForm((prev) => ({ ...prev, [k]: v })); };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`deals/${seg(form.company.trim())}/${seg(form.package.trim())}`,
        { stage: form.stage, changed_on: form.date, staff: form.staff, note: form.note || null });
      onDone(t("deals.moved", { company: form.company, package: form.package, stage: t(`deals.stage.${form.stage}`) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="new-deal" open={!!company}>
      <summary>{t("deals.new")}</summary>
      <form class="filters" onSubmit={submit}>
        <Field id="new-company" label={t("deals.company")}>{(p) => <input {...p} required value={form.company} onInput={set("company")} />}</Field>
        <Field id="new-package" label={t("deals.package")}>{(p) => <input {...p} required value={form.package} onInput={set("package")} />}</Field>
        <Field id="new-stage" label={t("deals.stage")}>
          {(p) => <select {...p} value={form.stage} onChange={set("stage")}>{SETTABLE_STAGES.map((s) => <option key={s} value={s}>{t(`deals.stage.${s}`)}</option>)}</select>}
        </Field>
        <Field id="new-date" label={t("deals.changed_on")}>{(p) => <input {...p} type="date" required value={form.date} onInput={set("date")} />}</Field>
        <Field id="new-staff" label={t("deals.staff_member")}>
          {(p) => <select {...p} value={form.staff} onChange={set("staff")}>{staff.map((s) => <option key={s.code} value={s.code}>{staffName(lang, s)} ({s.code})</option>)}</select>}
        </Field>
        <Field id="new-note" label={t("deals.note")}>{(p) => <input {...p} value={form.note} onInput={set("note")} />}</Field>
        <button type="submit" class="primary" disabled={busy || !form.staff}>{busy ? t("deals.saving") : t("deals.save")}</button>
      </form>
      <FormError error={error} />
    </details>
  );
}

export function DealBoard() {
  const { t, lang } = useI18n();
  const { query, route } = useLocation();
  const staffFilter = query.staff ?? "";
  const moving = query.move ?? "";
  const [notice, setNotice] = useState<string | null>(null);
  const deals = useApi((signal) => allRows<Deal>("deals", "items", { staff: staffFilter }, signal), [staffFilter]);
  const staff = useApi((signal) => allRows<StaffMember>("staff-members", "items", {}, signal), []);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => { if (notice) noticeRef.current?.focus(); }, [notice]);

  const go = (q: Record<string, string>) => {
    const p = new URLSearchParams(Object.entries(q).filter(([, v]) => v));
    const qs = p.toString();
    route(`/matching/deals${qs ? `?${qs}` : ""}`);
  };
  if (deals.error !== null) return <ErrorBox error={deals.error} onRetry={deals.reload} />;
  if (staff.error !== null) return <ErrorBox error={staff.error} onRetry={staff.reload} />;
  if (deals.loading || staff.loading || !deals.data || !staff.data) return <Loading />;
  const columns = byStage(deals.data);
  const today = isoDay(new Date());
  const done = (msg: string) => { setNotice(msg); go({ staff: staffFilter }); deals.reload(); };

  return (
    <section>
      <PageTitle>{t("deals.title")}</PageTitle>
      <p>{t("deals.intro")}</p>
      {notice && <div class="notice" role="status" tabIndex={-1} ref={noticeRef}>{notice}</div>}
      {staff.data.length === 0 && <p class="muted">{t("deals.no_staff")}</p>}
      <div class="filters">
        <Field id="deals-staff" label={t("deals.staff_member")}>
          {(p) => (
            <select {...p} value={staffFilter} onChange={(e) => go({ staff: e.currentTarget.value })}>
              <option value="">—</option>
              {staff.data!.map((s) => <option key={s.code} value={s.code}>{staffName(lang, s)} ({s.code})</option>)}
            </select>
          )}
        </Field>
      </div>
      <NewDeal staff={staff.data} company={query.company ?? ""} pkg={query.package ?? ""} onDone={done} />
      <div class="board">
        {STAGES.map((s) => (
          <section key={s} class="board-column" data-stage={s} aria-labelledby={`col-${s}`}>
            <h2 id={`col-${s}`}>{t("deals.column", { stage: t(`deals.stage.${s}`), n: columns[s].length })}</h2>
            {columns[s].length === 0 ? <p class="muted">{t("deals.empty")}</p> : (
              <ul class="cards-list">
                {columns[s].map((d) => {
                  const key = `${d.company}/${d.package}`;
                  const stale = withoutNextStep(d, today);
                  return (
                    <li key={key} class={stale ? "deal-card stale" : "deal-card"} data-deal={key}>
                      <strong>{d.company_name}</strong> <span class="muted">({d.company})</span>
                      <div>{d.package_name} <span class="muted">({d.package})</span></div>
                      <div class="muted">{t("deals.since", { date: formatDate(d.changed_on, lang) })}</div>
                      {stale && <div class="stale-flag">{t("deals.stale", { days: 30 })}</div>}
                      {d.staff_name && <div class="muted">{t("deals.staff", { name: d.staff_name })}</div>}
                      {d.agreement && <div>{t("deals.agreement", { ref: d.agreement })}</div>}
                      {moveTargets(d.stage).length > 0 && (moving === key ? (
                        <MoveForm deal={d} staff={staff.data!} onDone={done} onCancel={() => go({ staff: staffFilter })} />
                      ) : (
                        <button type="button" onClick={() => go({ staff: staffFilter, move: key })}
                          aria-label={`${t("deals.move")}: ${d.company_name} × ${d.package_name}`}>{t("deals.move")}</button>
                      ))}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        ))}
      </div>
    </section>
  );
}
