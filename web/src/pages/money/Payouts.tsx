// Payouts to institutions (?institution=): the list with reversals and
// their reasons, recording one, reversing one; and the payables.
import { useState } from "preact/hooks";
import { ErrorBox, PageTitle } from "../../components/common";
import { DataTable, type Column } from "../../components/DataTable";
import { Field } from "../../components/Field";
import { api, ApiError } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { errorOf, type Reversal, ReverseForm } from "./Payments";
import { Busy, FilterInput, Money, PagedStatus, useFilters, usePaged } from "./ui";

interface PayoutRow {
  reference: string;
  institution: string;
  paid_on: string;
  currency: string;
  amount_minor: number;
  reversal: Reversal | null;
}

export function Payouts() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useFilters();
  const paged = usePaged<PayoutRow>("payouts", { institution: query.institution });
  const [reversing, setReversing] = useState<string | null>(null);
  const columns: Column<PayoutRow>[] = [
    { key: "reference", label: t("col.reference") },
    { key: "institution", label: t("col.institution"),
      render: (r) => <a href={`/statements/${encodeURIComponent(r.institution)}`}>{r.institution}</a> },
    { key: "paid_on", label: t("col.paid_on"), render: (r) => formatDate(r.paid_on, lang) },
    { key: "amount_minor", label: t("col.amount"), numeric: true, render: (r) => <Money minor={r.amount_minor} currency={r.currency} /> },
    { key: "reversal", label: t("col.reversal"),
      value: (r) => (r.reversal ? t("money.payments.reversed", { date: formatDate(r.reversal.reversed_on, lang) }) : ""),
      render: (r) => (r.reversal
        ? t("money.payments.reversed", { date: formatDate(r.reversal.reversed_on, lang) })
        : <button type="button" onClick={() => setReversing(r.reference)}
            aria-label={t("money.payouts.reverse_of", { reference: r.reference })}>{t("money.payouts.reverse")}</button>) },
    { key: "reason", label: t("col.reason"), value: (r) => r.reversal?.reason ?? "" },
  ];
  return (
    <section>
      <PageTitle>{t("money.payouts.title")}</PageTitle>
      <div class="filters">
        <FilterInput id="f-institution" label={t("money.filter.institution")} value={query.institution ?? ""}
          onApply={(v) => setQuery({ institution: v || null })} />
      </div>
      <DataTable caption={t("money.payouts.title")} columns={columns} rows={paged.rows} rowKey={(r) => r.reference} csvName="payouts" />
      <PagedStatus paged={paged} />
      {reversing && <ReverseForm key={reversing} what="payouts" reference={reversing} startOpen
        onDone={() => { setReversing(null); paged.reload(); }} onCancel={() => setReversing(null)} />}
      <PayoutForm institution={query.institution ?? ""} onDone={paged.reload} />
    </section>
  );
}

function PayoutForm({ institution, onDone }: { institution: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [f, setF] = useState({ institution, paid_on: "", amount: "", reference: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: Event) => { const v = (e.currentTarget as HTMLInputElement).value; setF((prev) => ({ ...prev, [k]: v })); };
  const fieldError = (k: string) => (error instanceof ApiError && error.field === k ? errorOf(error, lang, t) : null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const out = await api.post<PayoutRow>("payouts", { ...f, currency: "JPY" });
      setDone(out.reference);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={submit} noValidate>
      <h2>{t("money.payouts.record")}</h2>
      <Field id="po-institution" label={t("col.institution")} error={fieldError("institution")}>
        {(p) => <input {...p} required value={f.institution} onInput={set("institution")} />}
      </Field>
      <Field id="po-amount" label={t("col.amount")} hint={t("money.payouts.amount_hint")} error={fieldError("amount")}>
        {(p) => <input {...p} required inputMode="decimal" value={f.amount} onInput={set("amount")} />}
      </Field>
      <Field id="po-reference" label={t("col.reference")} error={fieldError("reference")}>
        {(p) => <input {...p} required value={f.reference} onInput={set("reference")} />}
      </Field>
      <Field id="po-date" label={t("col.paid_on")} error={fieldError("paid_on")}>
        {(p) => <input {...p} type="date" required value={f.paid_on} onInput={set("paid_on")} />}
      </Field>
      {error !== null && !(error instanceof ApiError && error.field && ["institution", "amount", "reference", "paid_on"].includes(error.field))
        && <ErrorBox error={error} />}
      {done && <p class="notice" role="status">{t("money.payouts.recorded", { reference: done })}</p>}
      <div class="actions"><button type="submit" class="primary" disabled={busy}>{t("money.payouts.record")}</button></div>
      {busy && <Busy label={t("money.new.working")} />}
    </form>
  );
}

interface PayableRow {
  institution: string;
  name_en: string;
  name_ja?: string | null;
  currency: string;
  credited_minor: number;
  paid_minor: number;
  balance_minor: number;
}

export function Payables() {
  const { t, lang } = useI18n();
  const paged = usePaged<PayableRow>("payables", {});
  const columns: Column<PayableRow>[] = [
    { key: "institution", label: t("col.institution"),
      render: (r) => <a href={`/statements/${encodeURIComponent(r.institution)}`}>{r.institution}</a> },
    { key: "name", label: t("col.name"), value: (r) => (lang === "ja" ? r.name_ja || r.name_en : r.name_en || r.name_ja || "") },
    { key: "credited_minor", label: t("col.credited"), numeric: true, render: (r) => <Money minor={r.credited_minor} currency={r.currency} /> },
    { key: "paid_minor", label: t("col.paid"), numeric: true, render: (r) => <Money minor={r.paid_minor} currency={r.currency} /> },
    { key: "balance_minor", label: t("col.balance"), numeric: true, render: (r) => <Money minor={r.balance_minor} currency={r.currency} /> },
  ];
  return (
    <section>
      <PageTitle>{t("money.payables.title")}</PageTitle>
      <DataTable caption={t("money.payables.title")} columns={columns} rows={paged.rows} rowKey={(r) => r.institution} csvName="payables" />
      <PagedStatus paged={paged} />
    </section>
  );
}
