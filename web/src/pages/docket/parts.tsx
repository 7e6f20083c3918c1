// Pieces the docket pages share: a task's status (marked when overdue or
// missed), its fee with the fee table, and the columns of a task table.
import type { Column } from "../../components/DataTable";
import { seg } from "../../lib/api";
import { formatAmount, formatDate } from "../../lib/format";
import { hasMessage, type Lang, type T, useI18n } from "../../lib/i18n";
import { decimalToMinor, payersText, urgency, type DocketTask, type Urgency } from "./model";

/** Today in the reader's time zone (YYYY-MM-DD). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function kindWord(t: T, lang: Lang, kind: string): string {
  return hasMessage(lang, `docket.kind.${kind}`) ? t(`docket.kind.${kind}`) : kind;
}

export function statusWord(t: T, lang: Lang, status: string): string {
  return hasMessage(lang, `docket.status.${status}`) ? t(`docket.status.${status}`) : status;
}

/** A decimal amount of the API's ("2130.00") formatted for the reader. */
export function decimalText(amount: string, currency: string, lang: Lang): string {
  try {
    return formatAmount(decimalToMinor(amount, currency), currency, lang);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function StatusBadge({ task, on }: { task: DocketTask; on: string }) {
  const { t, lang } = useI18n();
  const u: Urgency = urgency(task, on);
  return (
    <span class={`badge badge-${u}`} data-status={task.status} data-urgency={u}>
      {u === "grace" || u === "soon" ? `${statusWord(t, lang, task.status)} · ${t(`docket.urgency.${u}`)}` : statusWord(t, lang, task.status)}
    </span>
  );
}

export function FeeCell({ task }: { task: DocketTask }) {
  const { t, lang } = useI18n();
  const f = task.fee;
  if (!f) return <span class="muted">—</span>;
  return (
    <span class="fee">
      <span class="amount">{decimalText(f.amount, f.currency, lang)}</span>
      {f.late_amount !== f.amount && (
        <span class="muted small"> ({t("docket.late_fee", { amount: decimalText(f.late_amount, f.currency, lang) })})</span>
      )}
      <br /><code class="small" title={t("docket.col.fee_table")}>{f.table}</code>
    </span>
  );
}

/** The due date, marked when provisional, with the rule's date when the office calendar moved it. */
export function DueCell({ task }: { task: DocketTask }) {
  const { t, lang } = useI18n();
  return (
    <span class="due nowrap">
      {formatDate(task.due, lang)}
      {task.provisional && <abbr title={t("docket.provisional")}> *</abbr>}
      {task.nominal_due !== task.due && (
        <><br /><span class="muted small nowrap" title={t("docket.moved_hint")}>{t("docket.moved_from", { date: formatDate(task.nominal_due, lang) })}</span></>
      )}
    </span>
  );
}

export function rowMark(task: DocketTask, on: string): string | undefined {
  const u = urgency(task, on);
  return u === "missed" ? "row-missed" : u === "grace" ? "row-grace" : undefined;
}

/** The columns of a task table (the agenda's; a patent's without the application). */
export function taskColumns(t: T, lang: Lang, on: string, withApplication: boolean): Column<DocketTask>[] {
  const cols: Column<DocketTask>[] = [
    { key: "due", label: t("docket.col.due"), render: (r) => <DueCell task={r} />, value: (r) => r.due },
    { key: "grace_end", label: t("docket.col.grace_end"), render: (r) => <span class="nowrap">{formatDate(r.grace_end, lang)}</span>, value: (r) => r.grace_end ?? "" },
  ];
  if (withApplication) {
    cols.push({
      key: "application", label: t("docket.col.application"),
      render: (r) => <a class="nowrap" href={`/patents/${seg(r.application)}#docket`}>{r.application}</a>,
    });
  }
  cols.push(
    { key: "label", label: t("docket.col.task"), render: (r) => <>{r.label}<br /><code class="small">{r.key}</code></>, value: (r) => `${r.label} (${r.key})` },
    { key: "kind", label: t("docket.col.kind"), value: (r) => kindWord(t, lang, r.kind), csvOnly: true },
    { key: "jurisdiction", label: t("docket.col.jurisdiction") },
    { key: "status", label: t("docket.col.status"), render: (r) => <StatusBadge task={r} on={on} />, value: (r) => statusWord(t, lang, r.status) },
    {
      key: "fee", label: t("docket.col.fee_with_table"), numeric: true, render: (r) => <FeeCell task={r} />,
      value: (r) => r.fee?.amount ?? null,
    },
    { key: "currency", label: t("docket.col.currency"), value: (r) => r.fee?.currency ?? "", csvOnly: true },
    { key: "fee_table", label: t("docket.col.fee_table"), value: (r) => r.fee?.table ?? "", csvOnly: true },
    {
      key: "payers", label: t("docket.col.payers"), value: (r) => payersText(r),
      render: (r) => (
        <ul class="plain">
          {r.payers.filter((p) => p.pays).map((p) => (
            <li key={p.institution} class="nowrap">{p.institution}{p.amount && r.fee ? ` ${decimalText(p.amount, r.fee.currency, lang)}` : ""}</li>
          ))}
        </ul>
      ),
    },
  );
  return cols;
}
