// A patent's docket (GET /api/v1/patents/{number}/docket): its tasks, its
// decisions and its lapse after a waive; and, for the roles the API lets
// decide (admin, ip_manager), each task's actions: done (the date, the fee
// actually paid, a reference and, for an aggregated patent, the fee as a
// recoverable cost of its packages), waive (a reason, then a confirmation
// naming the later tasks that end and the lapse), and undo (a reason).
import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorBox, Loading } from "../../components/common";
import { DataTable, type Column } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { api, ApiError, seg } from "../../lib/api";
import { formatDate, formatDateTime } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { FormError } from "../matching/parts";
import { errorOf } from "../money/Payments";
import "./messages";
import { laterOpenTasks, standingDecision, waiveEndsApplication, type DecisionResult, type DocketTask, type PatentDocket } from "./model";
import { decimalText, rowMark, taskColumns, today } from "./parts";
import { DOCKET_READERS, DOCKET_WRITERS } from "./roles";

type Action = { kind: "done" | "waive" | "undo"; task: DocketTask };

export function PatentDocketSection({ number, aggregated }: { number: string; aggregated: boolean }) {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const readable = DOCKET_READERS.includes(session.role);
  const canDecide = DOCKET_WRITERS.includes(session.role);
  const loaded = useApi((signal) => (readable
    ? api.get<PatentDocket>(`patents/${seg(number)}/docket`, undefined, signal)
    : Promise.resolve(null)), [number, readable]);
  const [action, setAction] = useState<Action | null>(null);
  const [result, setResult] = useState<DecisionResult | null>(null);
  // Reached by a link to #docket (the agenda, the review): scroll here once the tasks are shown.
  const ready = loaded.data !== null;
  useEffect(() => {
    if (ready && globalThis.location?.hash === "#docket") document.getElementById("docket")?.scrollIntoView();
  }, [ready]);
  if (!readable) return null;
  const on = today();
  const head = <h2 id="docket">{t("docket.patent.title")}</h2>;
  if (loaded.error) return <>{head}<ErrorBox error={loaded.error} onRetry={loaded.reload} /></>;
  if (!loaded.data) return <>{head}<Loading /></>;
  const d = loaded.data;
  const decided = (r: DecisionResult) => {
    setAction(null);
    setResult(r);
    loaded.reload();
  };
  const columns: Column<DocketTask>[] = taskColumns(t, lang, on, false);
  if (canDecide) {
    columns.push({
      key: "actions", label: t("docket.col.actions"), value: () => "",
      render: (task) => (
        <div class="row-actions">
          {(task.status === "open" || task.status === "missed") && <>
            <button type="button" onClick={() => { setResult(null); setAction({ kind: "done", task }); }}
              aria-label={t("docket.action.done_of", { task: task.key })}>{t("docket.action.done")}</button>
            <button type="button" onClick={() => { setResult(null); setAction({ kind: "waive", task }); }}
              aria-label={t("docket.action.waive_of", { task: task.key })}>{t("docket.action.waive")}</button>
          </>}
          {standingDecision(d.decisions, task.key) && (task.status === "done" || task.status === "waived") && (
            <button type="button" onClick={() => { setResult(null); setAction({ kind: "undo", task }); }}
              aria-label={t("docket.action.undo_of", { task: task.key })}>{t("docket.action.undo")}</button>
          )}
        </div>
      ),
    });
  }
  return (
    <section class="patent-docket" aria-labelledby="docket" data-testid="patent-docket">
      {head}
      {d.lapse && (
        <p class="notice lapse" data-testid="docket-lapse">
          {t(d.lapse.lapsed ? "docket.patent.lapsed" : "docket.patent.lapses", { date: formatDate(d.lapse.after, lang), task: d.lapse.task })}
        </p>
      )}
      {result && (
        <div class="notice" role="status" data-testid="decision-result">
          <p>{t(`docket.result.${result.decision.action}`, { task: result.task.key, status: t(`docket.status.${result.task.status}`) })}</p>
          {result.warnings.map((w) => <p key={w} class="muted">{w}</p>)}
        </div>
      )}
      <DataTable caption={t("docket.patent.tasks", { number: d.application })} columns={columns} rows={d.tasks}
        rowKey={(r) => r.key} rowClass={(r) => rowMark(r, on)} csvName={`docket-${d.application}`} />
      {action?.kind === "done" && (
        <DoneForm number={d.application} task={action.task} aggregated={aggregated} onDone={decided} onCancel={() => setAction(null)} />
      )}
      {action?.kind === "waive" && (
        <WaiveForm number={d.application} task={action.task} later={laterOpenTasks(d.tasks, action.task.key)}
          onDone={decided} onCancel={() => setAction(null)} />
      )}
      {action?.kind === "undo" && (
        <UndoForm number={d.application} task={action.task} onDone={decided} onCancel={() => setAction(null)} />
      )}
      <DataTable caption={t("docket.patent.decisions")} csvName={`docket-decisions-${d.application}`}
        rows={d.decisions} rowKey={(x) => String(x.id)} columns={[
          { key: "id", label: t("docket.dec.id"), numeric: true },
          { key: "task", label: t("docket.col.task") },
          { key: "action", label: t("docket.dec.action"), value: (x) => t(`docket.dec.action.${x.action}`) },
          { key: "date", label: t("docket.dec.date"), render: (x) => formatDate(x.date, lang) },
          {
            key: "fee_paid", label: t("docket.dec.fee_paid"), numeric: true,
            render: (x) => (x.fee_paid && x.currency ? decimalText(x.fee_paid, x.currency, lang) : ""),
            value: (x) => x.fee_paid ?? "",
          },
          { key: "fee_table", label: t("docket.col.fee_table"), value: (x) => x.fee_table ?? "" },
          { key: "reference", label: t("docket.dec.reference") },
          { key: "reason", label: t("docket.dec.reason") },
          { key: "recoverable", label: t("docket.dec.recoverable"), value: (x) => (x.recoverable ? t("docket.yes") : "") },
          { key: "undoes", label: t("docket.dec.undoes"), value: (x) => (x.undoes === null ? "" : `#${x.undoes}`) },
          { key: "actor", label: t("docket.dec.actor") },
          { key: "recorded_at", label: t("docket.dec.recorded_at"), render: (x) => formatDateTime(x.recorded_at, lang) },
        ]} />
    </section>
  );
}

/** A form's shared behaviour: focus on open, busy flag, the API's error (field errors beside their control). */
function useDecisionForm(send: () => Promise<DecisionResult>, onDone: (r: DecisionResult) => void) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => { form.current?.querySelector<HTMLElement>("input, textarea")?.focus(); }, []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await send());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { form, busy, error, run };
}

function FieldErrors({ error, fields }: { error: unknown; fields: string[] }) {
  if (error === null) return null;
  if (error instanceof ApiError && error.field && fields.includes(error.field)) return null;
  return <FormError error={error} />;
}

function DoneForm({ number, task, aggregated, onDone, onCancel }: {
  number: string; task: DocketTask; aggregated: boolean; onDone: (r: DecisionResult) => void; onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [date, setDate] = useState(today());
  const [fee, setFee] = useState("");
  const [reference, setReference] = useState("");
  const [recoverable, setRecoverable] = useState(false);
  const f = useDecisionForm(() => api.post<DecisionResult>(`patents/${seg(number)}/docket/${seg(task.key)}/done`, {
    date, ...(fee.trim() ? { fee: fee.trim() } : {}), ...(reference.trim() ? { reference: reference.trim() } : {}),
    ...(aggregated && recoverable ? { recoverable: true } : {}),
  }), onDone);
  const fieldError = (name: string) => (f.error instanceof ApiError && f.error.field === name ? errorOf(f.error, lang, t) : null);
  return (
    <form class="panel" ref={f.form} noValidate data-testid="done-form" onSubmit={(e) => { e.preventDefault(); void f.run(); }}>
      <h3>{t("docket.done.title", { task: task.label, key: task.key })}</h3>
      <Field id="done-date" label={t("docket.done.date")} error={fieldError("date")} hint={t("docket.done.date_hint")}>
        {(p) => <input {...p} type="date" required value={date} max={today()} onInput={(e) => setDate(e.currentTarget.value)} />}
      </Field>
      <Field id="done-fee" label={t("docket.done.fee", { currency: task.fee?.currency ?? "" })} error={fieldError("fee")}
        hint={task.fee ? t("docket.done.fee_hint", { amount: decimalText(task.fee.amount, task.fee.currency, lang), table: task.fee.table }) : t("docket.done.no_fee")}>
        {(p) => <input {...p} inputMode="decimal" value={fee} onInput={(e) => setFee(e.currentTarget.value)} />}
      </Field>
      <Field id="done-reference" label={t("docket.done.reference")} error={fieldError("reference")}>
        {(p) => <input {...p} maxLength={200} value={reference} onInput={(e) => setReference(e.currentTarget.value)} />}
      </Field>
      {aggregated && (
        <div class="field">
          <label class="check">
            <input type="checkbox" id="done-recoverable" checked={recoverable} onChange={(e) => setRecoverable(e.currentTarget.checked)} />
            {t("docket.done.recoverable")}
          </label>
          <small class="hint">{t("docket.done.recoverable_hint")}</small>
        </div>
      )}
      <FieldErrors error={f.error} fields={["date", "fee", "reference"]} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={f.busy}>{t("docket.done.submit")}</button>
        <button type="button" onClick={onCancel}>{t("docket.cancel")}</button>
      </div>
    </form>
  );
}

function WaiveForm({ number, task, later, onDone, onCancel }: {
  number: string; task: DocketTask; later: DocketTask[]; onDone: (r: DecisionResult) => void; onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const f = useDecisionForm(() => api.post<DecisionResult>(`patents/${seg(number)}/docket/${seg(task.key)}/waive`, { reason }), onDone);
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => { if (confirming) confirmRef.current?.focus(); }, [confirming]);
  const fieldError = f.error instanceof ApiError && f.error.field === "reason" ? errorOf(f.error, lang, t) : null;
  const lastDay = task.grace_end ?? task.due;
  return (
    <form class="panel" ref={f.form} noValidate data-testid="waive-form"
      onSubmit={(e) => { e.preventDefault(); if (!confirming) setConfirming(true); else void f.run(); }}>
      <h3>{t("docket.waive.title", { task: task.label, key: task.key })}</h3>
      <Field id="waive-reason" label={t("docket.reason")} error={fieldError}>
        {(p) => <textarea {...p} required maxLength={1000} value={reason} disabled={confirming}
          onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      {confirming && (
        <div class="confirm-panel" role="alertdialog" tabIndex={-1} ref={confirmRef} aria-labelledby="waive-confirm-title"
          aria-describedby="waive-confirm-detail" data-testid="waive-confirm">
          <h4 id="waive-confirm-title">{t("docket.waive.confirm_title", { number })}</h4>
          <div id="waive-confirm-detail">
            <p>{waiveEndsApplication(task.kind) ? t("docket.waive.lapse", { date: formatDate(lastDay, lang) }) : t("docket.waive.option")}</p>
            <p>{later.length === 0 ? t("docket.waive.no_later") : t("docket.waive.later", { n: later.length })}</p>
            {later.length > 0 && (
              <ul class="later-tasks">
                {later.slice(0, 10).map((x) => <li key={x.key}>{formatDate(x.due, lang)} — {x.label} (<code>{x.key}</code>)</li>)}
                {later.length > 10 && <li>{t("docket.waive.more", { n: later.length - 10 })}</li>}
              </ul>
            )}
          </div>
        </div>
      )}
      <FieldErrors error={f.error} fields={["reason"]} />
      <div class="form-actions">
        <button type="submit" class="danger" disabled={f.busy}>
          {confirming ? t("docket.waive.confirm") : t("docket.waive.submit")}
        </button>
        {confirming && <button type="button" onClick={() => setConfirming(false)}>{t("docket.waive.back")}</button>}
        <button type="button" onClick={onCancel}>{t("docket.cancel")}</button>
      </div>
    </form>
  );
}

function UndoForm({ number, task, onDone, onCancel }: {
  number: string; task: DocketTask; onDone: (r: DecisionResult) => void; onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState("");
  const f = useDecisionForm(() => api.post<DecisionResult>(`patents/${seg(number)}/docket/${seg(task.key)}/undo`, { reason }), onDone);
  const fieldError = f.error instanceof ApiError && f.error.field === "reason" ? errorOf(f.error, lang, t) : null;
  return (
    <form class="panel" ref={f.form} noValidate data-testid="undo-form" onSubmit={(e) => { e.preventDefault(); void f.run(); }}>
      <h3>{t("docket.undo.title", { task: task.label, key: task.key })}</h3>
      <p>{t("docket.undo.help")}</p>
      <Field id="undo-reason" label={t("docket.reason")} error={fieldError}>
        {(p) => <textarea {...p} required maxLength={1000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <FieldErrors error={f.error} fields={["reason"]} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={f.busy}>{t("docket.undo.submit")}</button>
        <button type="button" onClick={onCancel}>{t("docket.cancel")}</button>
      </div>
    </form>
  );
}
