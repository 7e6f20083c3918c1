// /matching/assignment: the optimal offer assignment (POST
// /api/v1/assignments) with its caps in the URL (?package_cap=&company_cap=
// &top=&date=), so a result can be shared and computed again.
import { useEffect, useState } from "preact/hooks";
import { useDraft } from "../../lib/useDraft";
import { useLocation } from "preact-iso";
import { DataTable } from "../../components/DataTable";
import { errorText, PageTitle, Progress } from "../../components/common";
import { Field } from "../../components/Field";
import { api, ApiError, seg } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { FormError, reasonText } from "./parts";

interface Pair { company: string; company_name: string; package: string; package_name: string; score: number }
interface AssignmentResult {
  pairs: Pair[];
  total: number;
  candidate_edges: number;
  excluded_packages: string[];
  left_out_total: number;
  left_out: { reason: string; count: number }[];
}

const FIELDS = ["package_cap", "company_cap", "top", "date"] as const;
type Form = Record<(typeof FIELDS)[number], string>;

/** The request body from the form: numbers as integers, empty fields left out. */
export function assignmentBody(f: Form): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const k of ["package_cap", "company_cap", "top"] as const) if (f[k].trim()) out[k] = Number(f[k]);
  if (f.date) out.date = f.date;
  return out;
}

export function Assignment() {
  const { t, lang } = useI18n();
  const { query, route } = useLocation();
  const fromUrl: Form = {
    package_cap: query.package_cap ?? "1", company_cap: query.company_cap ?? "1", top: query.top ?? "10", date: query.date ?? "",
  };
  const run = query.run === "1";
  const key = FIELDS.map((k) => fromUrl[k]).join("|");
  // Re-read from the URL only when it changes after mount (useDraft): an
  // effect that set it on mount too wiped what was typed before it ran.
  const [form, setForm] = useDraft<Form>(() => fromUrl, key);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<AssignmentResult | null>(null);

  useEffect(() => {
    if (!run) { setResult(null); return; }
    let live = true;
    setBusy(true);
    setError(null);
    api.post<AssignmentResult>("assignments", assignmentBody(fromUrl)).then(
      (r) => { if (live) { setResult(r); setBusy(false); } },
      (e: unknown) => { if (live) { setError(e); setResult(null); setBusy(false); } },
    );
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, run]);

  const submit = (e: Event) => {
    e.preventDefault();
    const q = new URLSearchParams(Object.entries(form).filter(([, v]) => v));
    q.set("run", "1");
    route(`/matching/assignment?${q.toString()}`);
  };
  const fieldError = (name: string) => (error instanceof ApiError && error.field === name ? errorText(error, lang, t) : null);
  const num = (v: number) => new Intl.NumberFormat(lang === "ja" ? "ja-JP" : "en-GB", { maximumFractionDigits: 1 }).format(v);

  return (
    <section>
      <PageTitle>{t("assign.title")}</PageTitle>
      <p>{t("assign.intro")}</p>
      <form class="filters" onSubmit={submit} noValidate>
        <Field id="assign-package-cap" label={t("assign.package_cap")} error={fieldError("package_cap")}>
          {(p) => <input {...p} type="number" min={1} value={form.package_cap} onInput={(e) => { const v = e.currentTarget.value; setForm((prev) => ({ ...prev, package_cap: v })); }} />}
        </Field>
        <Field id="assign-company-cap" label={t("assign.company_cap")} error={fieldError("company_cap")}>
          {(p) => <input {...p} type="number" min={1} value={form.company_cap} onInput={(e) => { const v = e.currentTarget.value; setForm((prev) => ({ ...prev, company_cap: v })); }} />}
        </Field>
        <Field id="assign-top" label={t("assign.top")} error={fieldError("top")}>
          {(p) => <input {...p} type="number" min={1} max={100000} value={form.top} onInput={(e) => { const v = e.currentTarget.value; setForm((prev) => ({ ...prev, top: v })); }} />}
        </Field>
        <Field id="assign-date" label={t("assign.date")} error={fieldError("date")}>
          {(p) => <input {...p} type="date" value={form.date} onInput={(e) => { const v = e.currentTarget.value; setForm((prev) => ({ ...prev, date: v })); }} />}
        </Field>
        <button type="submit" class="primary" disabled={busy}>{busy ? t("assign.running") : t("assign.run")}</button>
      </form>
      {busy && <Progress done={0} />}
      <FormError error={error} />
      {result && (
        <>
          <h2>{t("assign.result")}</h2>
          <p class="caps">{t("assign.caps", { p: fromUrl.package_cap || "1", c: fromUrl.company_cap || "1", t: fromUrl.top || "50" })}</p>
          <ul class="facts-list">
            <li>{t("assign.pairs", { n: result.pairs.length, total: num(result.total) })}</li>
            <li>{t("assign.edges", { n: result.candidate_edges })}</li>
            <li>{t("assign.excluded", { list: result.excluded_packages.join(", ") || t("assign.none") })}</li>
            {result.left_out_total > 0 && (
              <li>{t("matching.left_out", { n: result.left_out_total })} — {result.left_out.map((l) => `${reasonText(t, l.reason, lang)}: ${l.count}`).join(", ")}</li>
            )}
          </ul>
          <DataTable caption={t("assign.result")} csvName="assignment" rowKey={(p) => `${p.company}/${p.package}`} rows={result.pairs}
            columns={[
              { key: "company", label: t("matching.companies"),
                render: (p) => <><a href={`/matching/companies/${seg(p.company)}`}>{p.company}</a> <span class="muted">{p.company_name}</span></> },
              { key: "package", label: t("matching.packages"),
                render: (p) => <><a href={`/matching/packages/${seg(p.package)}`}>{p.package}</a> <span class="muted">{p.package_name}</span></> },
              { key: "score", label: t("matching.col.score"), numeric: true },
            ]} />
        </>
      )}
    </section>
  );
}
