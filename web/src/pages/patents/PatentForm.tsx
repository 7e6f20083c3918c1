// Register (POST /api/v1/patents) and edit (PATCH /api/v1/patents/{number})
// a patent. Nothing is validated here beyond what the browser needs: the
// API's refusal is shown beside the field it names (ApiError.field), in
// the user's language where its code has a message.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { Field } from "../../components/Field";
import { api, ApiError, seg } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import {
  emptyForm, formField, formFromPatent, patchBody, patentPath, requestBody, type PatentFormState,
} from "./logic";
import { CLAIM_KINDS, KINDS, STAGES, STATUSES } from "./messages";
import { fieldErrorText, type StoredPatent } from "./shared";

interface Registered { application_number: string; result: string }

function FormBody({ initial, editing }: { initial: PatentFormState; editing: string | null }) {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const [f, setF] = useState<PatentFormState>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [acceptWarnings, setAcceptWarnings] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const errField = error instanceof ApiError ? formField(error.field) : null;
  const fe = (name: string) => (errField === name ? fieldErrorText(error, lang, t) : null);
  const set = (k: keyof PatentFormState) => (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    setF((prev) => ({ ...prev, [k]: v }));
  };

  useEffect(() => {
    if (errField) document.getElementById(`pf-${errField}`)?.focus();
  }, [error]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const q = acceptWarnings ? "?accept_warnings=true" : "";
      let res: Registered;
      if (editing) {
        const body = patchBody(initial, f);
        if (Object.keys(body).length === 0) { setNotice(t("form.nothing_changed")); return; }
        res = await api.patch<Registered>(`patents/${seg(editing)}${q}`, body);
      } else {
        res = await api.post<Registered>(`patents${q}`, requestBody(f));
      }
      route(patentPath(res.application_number));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  // Functional updates: two inputs in quick succession each see the other's change.
  const updateRow = <K extends "owners" | "inventors" | "priority_claims">(k: K, i: number, patch: Partial<PatentFormState[K][number]>) =>
    setF((prev) => ({ ...prev, [k]: (prev[k] as PatentFormState[K][number][]).map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  const removeRow = (k: "owners" | "inventors" | "priority_claims", i: number) =>
    setF((prev) => ({ ...prev, [k]: (prev[k] as unknown[]).filter((_, j) => j !== i) }));

  const needsConfirmation = error instanceof ApiError && error.code === "needs_confirmation";
  return (
    <form onSubmit={submit} noValidate class="patent-form">
      {error !== null && (
        error instanceof ApiError && error.status < 500 ? (
          <div class="error-box" role="alert">
            <strong>{t("form.refused")}</strong>
            {!errField && <p>{fieldErrorText(error, lang, t)}</p>}
            {errField && <p><a href={`#pf-${errField}`}>{fieldErrorText(error, lang, t)}</a></p>}
          </div>
        ) : <ErrorBox error={error} />
      )}
      {notice && <p class="notice" role="status">{notice}</p>}
      <Field id="pf-application_number" label={t("form.application_number")} hint={t("form.application_number.hint")} error={fe("application_number")}>
        {(p) => <input {...p} name="application_number" required readOnly={!!editing} value={f.application_number} onInput={set("application_number")} />}
      </Field>
      <Field id="pf-jurisdiction" label={t("form.jurisdiction")} hint={t("form.jurisdiction.hint")} error={fe("jurisdiction")}>
        {(p) => <input {...p} name="jurisdiction" size={4} value={f.jurisdiction} onInput={set("jurisdiction")} />}
      </Field>
      <Field id="pf-filing_date" label={t("form.filing_date")} error={fe("filing_date")}>
        {(p) => <input {...p} name="filing_date" required placeholder="2026-04-01" value={f.filing_date} onInput={set("filing_date")} />}
      </Field>
      <Field id="pf-title" label={t("form.title")} error={fe("title")}>
        {(p) => <input {...p} name="title" size={60} value={f.title} onInput={set("title")} />}
      </Field>
      <Field id="pf-title_ja" label={t("form.title_ja")} error={fe("title_ja")}>
        {(p) => <input {...p} name="title_ja" size={60} lang="ja" value={f.title_ja} onInput={set("title_ja")} />}
      </Field>
      <div class="form-row">
        <Field id="pf-kind" label={t("form.kind")} error={fe("kind")}>
          {(p) => <select {...p} name="kind" value={f.kind} onChange={set("kind")}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>}
        </Field>
        <Field id="pf-status" label={t("form.status")} error={fe("status")}>
          {(p) => <select {...p} name="status" value={f.status} onChange={set("status")}>
            {STATUSES.map((k) => <option key={k} value={k}>{t(`status.${k}`)}</option>)}
          </select>}
        </Field>
        <Field id="pf-stage" label={t("form.stage")} error={fe("stage")}>
          {(p) => <select {...p} name="stage" value={f.stage} onChange={set("stage")}>
            <option value="">{t("form.stage.default")}</option>
            {STAGES.map((k) => <option key={k} value={k}>{t(`stage.${k}`)}</option>)}
          </select>}
        </Field>
        <Field id="pf-claims" label={t("form.claims")} error={fe("claims")}>
          {(p) => <input {...p} name="claims" inputMode="numeric" size={5} value={f.claims} onInput={set("claims")} />}
        </Field>
      </div>
      <Field id="pf-ipc" label={t("form.ipc")} error={fe("ipc")}>
        {(p) => <textarea {...p} name="ipc" rows={3} cols={30} value={f.ipc} onInput={set("ipc")} />}
      </Field>
      <div class="form-row">
        <Field id="pf-publication_number" label={t("form.publication_number")} error={fe("publication_number")}>
          {(p) => <input {...p} value={f.publication_number} onInput={set("publication_number")} />}
        </Field>
        <Field id="pf-publication_date" label={t("form.publication_date")} error={fe("publication_date")}>
          {(p) => <input {...p} placeholder="YYYY-MM-DD" value={f.publication_date} onInput={set("publication_date")} />}
        </Field>
        <Field id="pf-grant_number" label={t("form.grant_number")} error={fe("grant_number")}>
          {(p) => <input {...p} value={f.grant_number} onInput={set("grant_number")} />}
        </Field>
        <Field id="pf-grant_date" label={t("form.grant_date")} error={fe("grant_date")}>
          {(p) => <input {...p} placeholder="YYYY-MM-DD" value={f.grant_date} onInput={set("grant_date")} />}
        </Field>
      </div>

      <fieldset class={errField === "owners" ? "rows invalid" : "rows"} aria-describedby={errField === "owners" ? "pf-owners-error" : undefined}>
        <legend>{t("form.owners")}</legend>
        {f.owners.map((o, i) => (
          <div class="row" key={i}>
            <label>{t("form.owner.institution", { n: i + 1 })}
              <input value={o.institution} id={i === 0 ? "pf-owners" : undefined} onInput={(e) => updateRow("owners", i, { institution: e.currentTarget.value })} /></label>
            <label>{t("form.owner.share", { n: i + 1 })}
              <input size={6} value={o.share} onInput={(e) => updateRow("owners", i, { share: e.currentTarget.value })} /></label>
            <button type="button" onClick={() => removeRow("owners", i)}>{t("form.remove_row", { n: i + 1 })}</button>
          </div>
        ))}
        <button type="button" onClick={() => setF({ ...f, owners: [...f.owners, { institution: "", share: "" }] })}>{t("form.add_row")}</button>
        {fe("owners") && <small id="pf-owners-error" class="field-error" role="alert">{fe("owners")}</small>}
      </fieldset>

      <fieldset class={errField === "inventors" ? "rows invalid" : "rows"}>
        <legend>{t("form.inventors")}</legend>
        {f.inventors.map((o, i) => (
          <div class="row" key={i}>
            <label>{t("form.inventor.name", { n: i + 1 })}
              <input value={o.name} id={i === 0 ? "pf-inventors" : undefined} onInput={(e) => updateRow("inventors", i, { name: e.currentTarget.value })} /></label>
            <label>{t("form.inventor.institution", { n: i + 1 })}
              <input value={o.institution} onInput={(e) => updateRow("inventors", i, { institution: e.currentTarget.value })} /></label>
            <button type="button" onClick={() => removeRow("inventors", i)}>{t("form.remove_row", { n: i + 1 })}</button>
          </div>
        ))}
        <button type="button" onClick={() => setF({ ...f, inventors: [...f.inventors, { name: "", institution: "" }] })}>{t("form.add_row")}</button>
        {fe("inventors") && <small class="field-error" role="alert">{fe("inventors")}</small>}
      </fieldset>

      <fieldset class={errField === "priority_claims" ? "rows invalid" : "rows"}>
        <legend>{t("form.priority")}</legend>
        {f.priority_claims.map((c, i) => (
          <div class="row" key={i}>
            <label>{t("form.priority.number", { n: i + 1 })}
              <input value={c.number} id={i === 0 ? "pf-priority_claims" : undefined} onInput={(e) => updateRow("priority_claims", i, { number: e.currentTarget.value })} /></label>
            <label>{t("form.priority.date", { n: i + 1 })}
              <input size={10} placeholder="YYYY-MM-DD" value={c.date} onInput={(e) => updateRow("priority_claims", i, { date: e.currentTarget.value })} /></label>
            <label>{t("form.priority.kind", { n: i + 1 })}
              <select value={c.kind || "paris"} onChange={(e) => updateRow("priority_claims", i, { kind: e.currentTarget.value })}>
                {CLAIM_KINDS.map((k) => <option key={k} value={k}>{t(`claimkind.${k}`)}</option>)}
              </select></label>
            <label class="check"><input type="checkbox" checked={c.active} onChange={(e) => updateRow("priority_claims", i, { active: e.currentTarget.checked })} />
              {t("form.priority.active", { n: i + 1 })}</label>
            <button type="button" onClick={() => removeRow("priority_claims", i)}>{t("form.remove_row", { n: i + 1 })}</button>
          </div>
        ))}
        <button type="button" onClick={() => setF({ ...f, priority_claims: [...f.priority_claims, { number: "", date: "", kind: "paris", active: true }] })}>{t("form.add_row")}</button>
        {fe("priority_claims") && <small class="field-error" role="alert">{fe("priority_claims")}</small>}
      </fieldset>

      {(needsConfirmation || acceptWarnings) && (
        <label class="check"><input type="checkbox" checked={acceptWarnings} onChange={(e) => setAcceptWarnings(e.currentTarget.checked)} />
          {t("form.accept_warnings")}</label>
      )}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>{busy ? t("form.saving") : t("form.save")}</button>
        <a href={editing ? patentPath(editing) : "/patents"}>{t("form.cancel")}</a>
      </div>
    </form>
  );
}

export function PatentNew() {
  const { t } = useI18n();
  const session = useSignedIn();
  return (
    <section>
      <PageTitle>{t("form.new.title")}</PageTitle>
      <FormBody initial={emptyForm(session.institution)} editing={null} />
    </section>
  );
}

export function PatentEdit({ number }: { number: string }) {
  const { t } = useI18n();
  const loaded = useApi((signal) => api.get<StoredPatent>(`patents/${seg(number)}`, undefined, signal), [number]);
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const p = loaded.data;
  return (
    <section>
      <PageTitle>{t("form.edit.title", { number: p.application_number })}</PageTitle>
      <FormBody key={p.application_number} initial={formFromPatent(p)} editing={p.application_number} />
    </section>
  );
}
