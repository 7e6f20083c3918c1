// Import a CSV or JSONL file of patents (POST /api/v1/patents/import, the
// file as the body). The API writes nothing when any record is wrong and
// answers 422 with the row-by-row report, which this page shows.
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { ErrorBox, PageTitle, Progress } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { ApiError, request } from "../../lib/api";
import { formatCount } from "../../lib/format";
import { uploadType } from "./logic";
import { useI18n } from "../../lib/i18n";
import { fieldErrorText, PatentLink } from "./shared";

export interface ImportProblem { line: number; key: string; field: string; reason: string; code: string | null }
export interface ImportReport {
  read: number; inserted: number; updated: number; unchanged: number; rejected: number;
  written: boolean; families_changed: number; problems: ImportProblem[];
}

export function PatentImport() {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<"auto" | "csv" | "jsonl">("auto");
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setReport(null);
    setError(null);
    setMissing(!file);
    if (!file) return;
    setBusy(true);
    try {
      const text = await file.text();
      const r = await request<ImportReport>("POST", "patents/import", { raw: { text, contentType: uploadType(file.name, format) } });
      setReport(r);
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as { report?: ImportReport } | null) : null;
      if (body?.report) setReport(body.report);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <PageTitle>{t("import.title")}</PageTitle>
      <form onSubmit={submit} noValidate>
        <Field id="imp-file" label={t("import.file")} hint={t("import.file.hint")} error={missing ? t("import.choose") : null}>
          {(p) => <input {...p} type="file" accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />}
        </Field>
        <Field id="imp-format" label={t("import.format")}>
          {(p) => <select {...p} value={format} onChange={(e) => setFormat(e.currentTarget.value as typeof format)}>
            <option value="auto">{t("import.format.auto")}</option>
            <option value="csv">CSV</option>
            <option value="jsonl">JSONL</option>
          </select>}
        </Field>
        <button type="submit" class="primary" disabled={busy}>{t("import.submit")}</button>
        {busy && <Progress done={0} />}
      </form>
      {error !== null && (report ? (
        <div class="error-box" role="alert">
          <strong>{t("import.refused")}</strong>
          <p>{fieldErrorText(error, lang, t)}</p>
        </div>
      ) : <ErrorBox error={error} />)}
      {report && report.written && <p class="notice" role="status">{t("import.done")}</p>}
      {report && (
        <>
          <h2>{t("import.report")}</h2>
          <dl class="facts import-report">
            {(["read", "inserted", "updated", "unchanged", "rejected", "families_changed"] as const).map((k) => (
              <Fragment key={k}><dt>{t(`import.${k}`)}</dt><dd data-testid={`import-${k}`}>{formatCount(report[k], lang)}</dd></Fragment>
            ))}
            <dt>{t("import.written")}</dt><dd data-testid="import-written">{report.written ? t("patent.yes") : t("patent.no")}</dd>
          </dl>
          {report.problems.length > 0 && (
            <DataTable<ImportProblem>
              caption={t("import.problems")}
              columns={[
                { key: "line", label: t("import.line"), numeric: true },
                { key: "key", label: t("import.key"), render: (p) => (p.key && report.written ? <PatentLink number={p.key} /> : p.key) },
                { key: "field", label: t("import.field") },
                { key: "reason", label: t("import.reason") },
                { key: "code", label: t("import.code") },
              ]}
              rows={report.problems}
              rowKey={(p) => `${p.line}-${p.field}-${p.reason}`}
              csvName="import-problems"
            />
          )}
        </>
      )}
    </section>
  );
}
