// Close a month: first a dry run (POST /api/v1/close with "dry_run": true)
// shows what will be issued; the person confirms; the close runs with
// progress shown; the issued statements are linked.
import { useState } from "preact/hooks";
import { ErrorBox, PageTitle } from "../../components/common";
import { DataTable, type Column } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { api, ApiError } from "../../lib/api";
import { formatMonth } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { isMonth } from "./lib";
import { errorOf } from "./Payments";
import { Busy, Money, useFilters } from "./ui";

interface Issued {
  institution: string;
  currency: string;
  closing_balance_minor: number;
  sha256: string;
}

interface CloseOutcome {
  month: string;
  already_closed: boolean;
  dry_run: boolean;
  closed_at: string | null;
  statements: Issued[];
}

export function Close() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useFilters();
  const [month, setMonth] = useState(query.month ?? "");
  const [busy, setBusy] = useState<"preview" | "close" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<CloseOutcome | null>(null);
  const [done, setDone] = useState<CloseOutcome | null>(null);

  const run = async (dryRun: boolean) => {
    setError(null);
    if (!isMonth(month)) {
      setError(new ApiError(400, "bad_month", "month is not YYYY-MM", "month"));
      return;
    }
    setBusy(dryRun ? "preview" : "close");
    try {
      const out = await api.post<CloseOutcome>("close", dryRun ? { month, dry_run: true } : { month });
      if (dryRun && !out.already_closed) {
        setPreview(out);
      } else {
        setPreview(null);
        setDone(out);
      }
      if (query.month !== month) setQuery({ month });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const columns = (m: string): Column<Issued>[] => [
    { key: "institution", label: t("col.institution"),
      render: (r) => (preview && !done
        ? r.institution
        : <a href={`/statements/${encodeURIComponent(r.institution)}/${m}`}>{r.institution}</a>) },
    { key: "closing_balance_minor", label: t("col.closing"), numeric: true,
      render: (r) => <Money minor={r.closing_balance_minor} currency={r.currency} /> },
    { key: "sha256", label: t("col.sha256"), render: (r) => <code class="hash">{r.sha256}</code> },
  ];
  const monthName = formatMonth(month, lang);
  const fieldError = error instanceof ApiError && error.field === "month" ? errorOf(error, lang, t) : null;

  return (
    <section>
      <PageTitle>{t("money.close.title")}</PageTitle>
      <p>{t("money.close.help")}</p>
      {!done && (
        <form onSubmit={(e) => { e.preventDefault(); setPreview(null); void run(true); }} noValidate>
          <Field id="close-month" label={t("money.close.month")} error={fieldError}>
            {(p) => <input {...p} required placeholder="2026-04" pattern="\d{4}-\d{2}" value={month}
              onInput={(e) => { setMonth(e.currentTarget.value); setPreview(null); }} />}
          </Field>
          <div class="actions">
            <button type="submit" disabled={busy !== null}>{t("money.close.preview")}</button>
          </div>
        </form>
      )}
      {error !== null && fieldError === null && <ErrorBox error={error} />}
      {busy === "preview" && <Busy label={t("money.close.previewing")} />}
      {preview && !done && (
        <div class="confirm-panel" role="region" aria-labelledby="close-confirm-title" data-testid="close-confirm">
          <h2 id="close-confirm-title">
            {preview.statements.length > 0
              ? t("money.close.confirm_title", { month: monthName })
              : t("money.close.confirm_none", { month: monthName })}
          </h2>
          {preview.statements.length > 0 && (
            <DataTable caption={t("money.close.count", { count: preview.statements.length })} columns={columns(preview.month)}
              rows={preview.statements} rowKey={(r) => r.institution} csvName={`close-${preview.month}-preview`} />
          )}
          <p><strong>{t("money.close.confirm_note")}</strong></p>
          <div class="actions">
            <button type="button" class="primary" disabled={busy !== null} onClick={() => void run(false)}>
              {t("money.close.confirm", { month: monthName })}
            </button>
            <button type="button" disabled={busy !== null} onClick={() => setPreview(null)}>{t("money.close.cancel")}</button>
          </div>
          {busy === "close" && <Busy label={t("money.close.working", { month: monthName })} />}
        </div>
      )}
      {done && (
        <div data-testid="close-done">
          <p class="notice" role="status">
            {done.already_closed
              ? t("money.close.already", { month: formatMonth(done.month, lang) })
              : t("money.close.done", { month: formatMonth(done.month, lang), count: done.statements.length })}
          </p>
          <DataTable caption={t("money.close.issued_count", { count: done.statements.length })} columns={columns(done.month)}
            rows={done.statements} rowKey={(r) => r.institution} csvName={`close-${done.month}`} />
        </div>
      )}
    </section>
  );
}
