// Import a CSV or JSONL file of patents, or a patent office's XML (EPO OPS,
// DOCDB, USPTO; README "Office XML") (POST /api/v1/patents/import, the
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
  office?: OfficeReport;  // an office XML import's own part
}
export interface OfficeReport {
  kind: string; root: string; documents: number; applications: number; publications_added: number;
  titles_changed: number; unresolved: { name: string; closest: string[] }[]; created: string[]; notes: string[];
  assignments: { line: number; reel_frame: string; application: string; applied: boolean; detail: string }[];
}

export function PatentImport() {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<"auto" | "csv" | "jsonl" | "xml">("auto");
  const [unresolved, setUnresolved] = useState<"refuse" | "create" | "skip">("refuse");
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
      const type = uploadType(file.name, format);
      const path = type === "application/xml" ? `patents/import?unresolved=${unresolved}` : "patents/import";
      const r = await request<ImportReport>("POST", path, { raw: { text, contentType: type } });
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
          {(p) => <input {...p} type="file" accept=".csv,.jsonl,.ndjson,.xml,text/csv,application/x-ndjson,application/xml"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />}
        </Field>
        <Field id="imp-format" label={t("import.format")}>
          {(p) => <select {...p} value={format} onChange={(e) => setFormat(e.currentTarget.value as typeof format)}>
            <option value="auto">{t("import.format.auto")}</option>
            <option value="csv">CSV</option>
            <option value="jsonl">JSONL</option>
            <option value="xml">{t("import.format.xml")}</option>
          </select>}
        </Field>
        <Field id="imp-unresolved" label={t("import.unresolved")} hint={t("import.unresolved.hint")}>
          {(p) => <select {...p} value={unresolved} onChange={(e) => setUnresolved(e.currentTarget.value as typeof unresolved)}>
            <option value="refuse">{t("import.unresolved.refuse")}</option>
            <option value="create">{t("import.unresolved.create")}</option>
            <option value="skip">{t("import.unresolved.skip")}</option>
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
          {report.office && <OfficePart office={report.office} />}
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

// What an office XML import adds to the report: the document's kind and
// counts, the applicants not resolved (with the closest institutions), the
// institutions created, the notes and the assignments.
function OfficePart({ office }: { office: OfficeReport }) {
  const { t, lang } = useI18n();
  return (
    <>
      <dl class="facts import-report" data-testid="import-office">
        <dt>{t("import.office.kind")}</dt><dd data-testid="import-office-kind">{office.kind}</dd>
        {(["documents", "applications", "publications_added"] as const).map((k) => (
          <Fragment key={k}><dt>{t(`import.office.${k}`)}</dt><dd data-testid={`import-office-${k}`}>{formatCount(office[k], lang)}</dd></Fragment>
        ))}
      </dl>
      {office.unresolved.length > 0 && (
        <>
          <h3>{t("import.office.unresolved")}</h3>
          <ul data-testid="import-office-unresolved">
            {office.unresolved.map((u) => (
              <li key={u.name}>{u.name}{u.closest.length > 0 ? ` — ${t("import.office.closest")}: ${u.closest.join(", ")}` : ""}</li>
            ))}
          </ul>
        </>
      )}
      {office.created.length > 0 && (
        <><h3>{t("import.office.created")}</h3><ul>{office.created.map((c) => <li key={c}>{c}</li>)}</ul></>
      )}
      {office.notes.length > 0 && <ul class="notes">{office.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
      {office.assignments.length > 0 && (
        <>
          <h3>{t("import.office.assignments")}</h3>
          <ul>
            {office.assignments.map((a) => (
              <li key={`${a.reel_frame}-${a.application}`}>
                {a.reel_frame} {a.application}: {a.applied ? t("import.office.applied") : t("import.office.reported")} — {a.detail}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
