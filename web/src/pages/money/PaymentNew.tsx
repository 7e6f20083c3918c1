// Record a payment: agreement, amount, currency and FX rate, bank reference,
// date. A replay (the same bank reference and content) shows the first
// result; a probable duplicate (409) asks for confirmation, as the API does.
import { useState } from "preact/hooks";
import { ErrorBox, PageTitle } from "../../components/common";
import { Field } from "../../components/Field";
import { api, ApiError, seg } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { paymentBody, type PaymentForm } from "./lib";
import { errorOf, paymentLink, type PaymentDetail, PaymentView } from "./Payments";
import { Busy, useFilters } from "./ui";

const FIELDS = ["agreement", "amount", "currency", "fx_rate", "reference", "received_on"] as const;

export function PaymentNew() {
  const { t, lang } = useI18n();
  const [query] = useFilters();
  const [form, setForm] = useState<PaymentForm>({
    agreement: query.agreement ?? "", amount: "", currency: query.currency ?? "JPY", fx_rate: "", reference: "", received_on: "",
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [duplicate, setDuplicate] = useState<ApiError | null>(null);
  const [result, setResult] = useState<{ payment: PaymentDetail; replay: boolean } | null>(null);

  const set = (k: keyof PaymentForm) => (e: Event) => { const v = (e.currentTarget as HTMLInputElement).value; setForm((prev) => ({ ...prev, [k]: v })); };
  const fieldError = (f: string): string | null => {
    if (f === "fx_rate" && error === "fx_required") return t("money.new.fx_required");
    return error instanceof ApiError && error.field === f ? errorOf(error, lang, t) : null;
  };

  const send = async (confirm: boolean) => {
    setError(null);
    setDuplicate(null);
    if (form.currency.trim().toUpperCase() !== "JPY" && form.fx_rate.trim() === "") {
      setError("fx_required");
      return;
    }
    setBusy(true);
    try {
      // 201: recorded; 200: a replay of the same reference (the first result).
      const res = await fetchPayment(paymentBody(form, confirm));
      setResult(res);
    } catch (err) {
      if (err instanceof ApiError && err.code === "probable_duplicate") setDuplicate(err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <section>
        <PageTitle>{t("money.payment.title", { reference: result.payment.reference })}</PageTitle>
        <p class="notice" role="status">
          {result.replay ? t("money.new.replayed") : t("money.new.recorded", { reference: result.payment.reference })}
        </p>
        <PaymentView p={result.payment} />
        <p><a href={paymentLink(result.payment.reference)}>{result.payment.reference}</a></p>
      </section>
    );
  }

  const foreign = form.currency.trim().toUpperCase() !== "JPY";
  const otherError = error !== null && error !== "fx_required" && !(error instanceof ApiError && FIELDS.includes(error.field as never));
  return (
    <section>
      <PageTitle>{t("money.new.title")}</PageTitle>
      <p>{t("money.new.help")}</p>
      <form onSubmit={(e) => { e.preventDefault(); void send(false); }} noValidate>
        <Field id="pay-agreement" label={t("money.new.agreement")} error={fieldError("agreement")}>
          {(p) => <input {...p} required value={form.agreement} onInput={set("agreement")} />}
        </Field>
        <Field id="pay-amount" label={t("money.new.amount")} hint={t("money.new.amount_hint")} error={fieldError("amount")}>
          {(p) => <input {...p} required inputMode="decimal" value={form.amount} onInput={set("amount")} />}
        </Field>
        <Field id="pay-currency" label={t("money.new.currency")} error={fieldError("currency")}>
          {(p) => (
            <select {...p} value={form.currency} onChange={set("currency")}>
              {["JPY", "USD", "EUR", "GBP", "CNY", "KRW"].map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          )}
        </Field>
        <Field id="pay-fx" label={t("money.new.fx_rate")} hint={t("money.new.fx_hint")} error={fieldError("fx_rate")}>
          {(p) => <input {...p} inputMode="decimal" disabled={!foreign} value={foreign ? form.fx_rate : ""} onInput={set("fx_rate")} />}
        </Field>
        <Field id="pay-reference" label={t("money.new.reference")} error={fieldError("reference")}>
          {(p) => <input {...p} required value={form.reference} onInput={set("reference")} />}
        </Field>
        <Field id="pay-date" label={t("money.new.received_on")} error={fieldError("received_on")}>
          {(p) => <input {...p} type="date" required value={form.received_on} onInput={set("received_on")} />}
        </Field>
        {otherError && <ErrorBox error={error} />}
        {duplicate ? (
          <div class="error-box confirm" role="alertdialog" aria-labelledby="dup-title" aria-describedby="dup-detail">
            <p id="dup-title"><strong>{t("money.new.duplicate")}</strong></p>
            <p id="dup-detail" class="muted">{duplicate.message}</p>
            <div class="actions">
              <button type="button" class="primary" onClick={() => void send(true)} disabled={busy}>{t("money.new.duplicate_confirm")}</button>
              <button type="button" onClick={() => setDuplicate(null)}>{t("money.new.duplicate_cancel")}</button>
            </div>
          </div>
        ) : (
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>{t("money.new.submit")}</button>
          </div>
        )}
        {busy && <Busy label={t("money.new.working")} />}
      </form>
    </section>
  );
}

/**
 * POST /api/v1/payments. A payment already recorded under the reference is
 * a replay (the API answers the first result and writes nothing, or refuses
 * different content): looked up first, so the page can say which it was.
 */
async function fetchPayment(body: Record<string, unknown>): Promise<{ payment: PaymentDetail; replay: boolean }> {
  let existed = false;
  try {
    if (String(body.reference) === "") throw new ApiError(404, "not_found", "");
    await api.get<PaymentDetail>(`payments/${seg(String(body.reference))}`);
    existed = true;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  const payment = await api.post<PaymentDetail>("payments", body);
  return { payment, replay: existed };
}
