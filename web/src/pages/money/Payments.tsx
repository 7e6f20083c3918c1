// Payments: the list (?agreement=), one payment with the invoices it settled,
// its distribution and its reversal (with the reason), and the reversal form.
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable, type Column } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { api, ApiError, seg } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { hasMessage, type Lang, type T, useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { incomeType } from "../licensing/tables";
import { Busy, FilterInput, Money, PagedStatus, useFilters, usePaged } from "./ui";

export interface Reversal {
  reversed_on: string;
  reason: string;
}

export interface PaymentRow {
  reference: string;
  agreement: string;
  licensee: string;
  package: string | null;
  received_on: string;
  currency: string;
  amount_minor: number;
  fx_rate: string | null;
  jpy_amount_minor: number;
  applied_minor: number;
  credit_minor: number;
  reversal: Reversal | null;
}

export interface PaymentDetail extends PaymentRow {
  distributed_jpy_minor: number;
  applications: { invoice: number; income_type: string; issued_on: string; currency: string; amount_minor: number }[];
  lines: { kind: string; income_type: string; package: string | null; patent: string | null; institution: string;
    share: string; currency: string; amount_minor: number }[];
}

export function paymentLink(reference: string): string {
  return `/money/payments/${seg(reference)}`;
}

export function paymentColumns(t: T, lang: Lang): Column<PaymentRow>[] {
  return [
    { key: "reference", label: t("col.reference"), render: (r) => <a href={paymentLink(r.reference)}>{r.reference}</a> },
    { key: "agreement", label: t("col.agreement"), render: (r) => <a href={`/licensing/agreements/${seg(r.agreement)}`}>{r.agreement}</a> },
    { key: "licensee", label: t("col.licensee") },
    { key: "received_on", label: t("col.received_on"), render: (r) => formatDate(r.received_on, lang) },
    { key: "amount_minor", label: t("col.amount"), numeric: true, render: (r) => <Money minor={r.amount_minor} currency={r.currency} /> },
    { key: "fx_rate", label: t("col.fx_rate"), numeric: true },
    { key: "jpy_amount_minor", label: t("col.jpy_amount"), numeric: true, render: (r) => <Money minor={r.jpy_amount_minor} currency="JPY" /> },
    { key: "credit_minor", label: t("col.credit"), numeric: true, render: (r) => <Money minor={r.credit_minor} currency={r.currency} /> },
    { key: "reversal", label: t("col.reversal"),
      value: (r) => (r.reversal ? t("money.payments.reversed", { date: formatDate(r.reversal.reversed_on, lang) }) : "") },
    { key: "reason", label: t("col.reason"), value: (r) => r.reversal?.reason ?? "" },
  ];
}

export function Payments() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useFilters();
  const paged = usePaged<PaymentRow>("payments", { agreement: query.agreement });
  return (
    <section>
      <PageTitle actions={<a class="button" href="/money/payments/new">{t("money.payments.new")}</a>}>
        {t("money.payments.title")}
      </PageTitle>
      <div class="filters">
        <FilterInput id="f-agreement" label={t("money.filter.agreement")} value={query.agreement ?? ""}
          onApply={(v) => setQuery({ agreement: v || null })} />
      </div>
      <DataTable caption={t("money.payments.title")} columns={paymentColumns(t, lang)} rows={paged.rows}
        rowKey={(r) => r.reference} csvName="payments" />
      <PagedStatus paged={paged} />
    </section>
  );
}

/** One payment as the API shows it (also the result of recording one). */
export function PaymentView({ p }: { p: PaymentDetail }) {
  const { t, lang } = useI18n();
  return (
    <>
      <dl class="facts">
        <dt>{t("col.agreement")}</dt><dd><a href={`/licensing/agreements/${seg(p.agreement)}`}>{p.agreement}</a></dd>
        <dt>{t("col.licensee")}</dt><dd>{p.licensee}</dd>
        <dt>{t("col.received_on")}</dt><dd>{formatDate(p.received_on, lang)}</dd>
        <dt>{t("col.amount")}</dt><dd><Money minor={p.amount_minor} currency={p.currency} /></dd>
        {p.fx_rate && <><dt>{t("col.fx_rate")}</dt><dd>{p.fx_rate}</dd></>}
        <dt>{t("col.jpy_amount")}</dt><dd data-testid="payment-jpy"><Money minor={p.jpy_amount_minor} currency="JPY" /></dd>
        <dt>{t("col.applied")}</dt><dd><Money minor={p.applied_minor} currency={p.currency} /></dd>
        <dt>{t("col.credit")}</dt><dd><Money minor={p.credit_minor} currency={p.currency} /></dd>
        <dt>{t("money.payment.distributed")}</dt><dd><Money minor={p.distributed_jpy_minor} currency="JPY" /></dd>
        {p.reversal && <>
          <dt>{t("money.payment.reversed_on")}</dt><dd>{formatDate(p.reversal.reversed_on, lang)}</dd>
          <dt>{t("col.reason")}</dt><dd>{p.reversal.reason}</dd>
        </>}
      </dl>
      <DataTable caption={t("money.payment.applications")} csvName={`${p.reference}-applications`} rows={p.applications}
        rowKey={(r) => String(r.invoice)} columns={[
          { key: "invoice", label: t("col.invoice"), numeric: true },
          { key: "income_type", label: t("col.income_type"), value: (r) => incomeType(t, lang, r.income_type) },
          { key: "issued_on", label: t("col.issued_on"), render: (r) => formatDate(r.issued_on, lang) },
          { key: "amount_minor", label: t("col.amount"), numeric: true, render: (r) => <Money minor={r.amount_minor} currency={r.currency} /> },
        ]} />
      <DataTable caption={t("money.payment.lines")} csvName={`${p.reference}-lines`} rows={p.lines}
        rowKey={(r) => `${r.kind}/${r.income_type}/${r.patent ?? ""}/${r.institution}`} columns={[
          { key: "kind", label: t("col.kind"), value: (r) => (hasMessage(lang, `line.${r.kind}`) ? t(`line.${r.kind}`) : r.kind) },
          { key: "income_type", label: t("col.income_type"), value: (r) => incomeType(t, lang, r.income_type) },
          { key: "patent", label: t("col.patent"), render: (r) => (r.patent ? <a href={`/patents/${encodeURIComponent(r.patent)}`}>{r.patent}</a> : "") },
          { key: "institution", label: t("col.institution") },
          { key: "share", label: t("col.share") },
          { key: "amount_minor", label: t("col.amount"), numeric: true, render: (r) => <Money minor={r.amount_minor} currency={r.currency} /> },
        ]} />
    </>
  );
}

export function Payment({ reference }: { reference: string }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useApi((signal) => api.get<PaymentDetail>(`payments/${seg(reference)}`, undefined, signal), [reference]);
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (loading || !data) return <Loading />;
  return (
    <section>
      <PageTitle>{t("money.payment.title", { reference: data.reference })}</PageTitle>
      <PaymentView p={data} />
      {!data.reversal && <ReverseForm what="payments" reference={data.reference} onDone={reload} />}
    </section>
  );
}

/** The reversal of a payment or a payout: a date and a reason. */
export function ReverseForm({ what, reference, onDone, onCancel, startOpen = false }: {
  what: "payments" | "payouts"; reference: string; onDone: () => void; onCancel?: () => void; startOpen?: boolean;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(startOpen);
  const form = useRef<HTMLFormElement>(null);
  // Opened: the keyboard lands on the form's first control.
  // Before the browser paints (a layout effect): whoever sees the form finds the keyboard on it.
  useLayoutEffect(() => { if (open) form.current?.querySelector("input")?.focus(); }, [open]);
  const [date, setDate] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldError = (f: string) => (error instanceof ApiError && error.field === f ? errorOf(error, lang, t) : null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`${what}/${seg(reference)}/reversal`, { reversed_on: date, reason });
      setOpen(false);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const title = what === "payments" ? t("money.payment.reverse") : t("money.payouts.reverse_of", { reference });
  if (!open) return <p><button type="button" class="danger" onClick={() => setOpen(true)}>{title}</button></p>;
  return (
    <form class="panel" onSubmit={submit} noValidate ref={form} data-testid="reverse-form">
      <h2>{title}</h2>
      <p>{t("money.payment.reverse_help")}</p>
      <Field id={`rev-date-${what}`} label={t("money.payment.reversed_on")} error={fieldError("reversed_on")}>
        {(p) => <input {...p} type="date" required value={date} onInput={(e) => setDate(e.currentTarget.value)} />}
      </Field>
      <Field id={`rev-reason-${what}`} label={t("col.reason")} error={fieldError("reason")}>
        {(p) => <textarea {...p} required maxLength={1000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      {error !== null && !(error instanceof ApiError && (error.field === "reversed_on" || error.field === "reason")) && <ErrorBox error={error} />}
      <div class="actions">
        <button type="submit" class="danger" disabled={busy}>{t("money.payment.reverse_confirm")}</button>
        <button type="button" onClick={() => { setOpen(false); onCancel?.(); }}>{t("money.close.cancel")}</button>
        {busy && <Busy label={t("money.new.working")} />}
      </div>
    </form>
  );
}

/** An API error's text for the field it names (the API's own words in English). */
export function errorOf(err: ApiError, lang: Lang, t: T): string {
  const key = `error.${err.code}`;
  if (hasMessage(lang, key)) return t(key);
  return lang === "en" ? err.message : `${t("error.generic")} (${err.message})`;
}
