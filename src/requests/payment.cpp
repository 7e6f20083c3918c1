#include "requests/payment.h"

#include "core/money.h"
#include "core/text.h"

namespace chizai::requests {
namespace {

std::string trimmed(const std::string& s) { return std::string(trim(s)); }

Currency currency_of(const SpecFields& f, const char* key) {
  const std::string code = trimmed(f.text(key));
  auto currency = Currency::of(code);
  if (!currency) file_error(f.name(key), currency.error().message);
  return *currency;
}

}  // namespace

const RequestSpec& payment_spec() {
  static const RequestSpec spec{
      "PaymentRequest",
      "A licensee's payment, recorded and distributed to the institutions. Replaying the same "
      "reference with the same content changes nothing (200).",
      {
          {"agreement", FieldType::kText, true, "The agreement's reference", "LA-2026-001"},
          {"received_on", FieldType::kDate, true, "The day the money arrived (an open month)", "2026-04-30"},
          {"amount", FieldType::kAmount, true, "A decimal string in `currency`, greater than zero", "1,250,000"},
          {"currency", FieldType::kText, true, "ISO 4217 code: the agreement's currency", "JPY"},
          {"fx_rate", FieldType::kDecimal, false,
           "JPY per unit of a foreign currency, up to 6 decimals; omitted for JPY; omitted for another currency: "
           "the rate table's rate of received_on (chizai fx import), refused (422 no_fx_rate) when it has none",
           ""},
          {"fx_source", FieldType::kText, false,
           "Where fx_rate comes from (\"MUFG TTM\"), recorded with the payment; with fx_rate only (default "
           "\"given with the payment\")",
           ""},
          {"reference", FieldType::kText, true, "The bank reference: unique, the idempotency key",
           "BANK-20260430-01"},
          {"confirm_duplicate", FieldType::kBoolean, false,
           "Record it although a standing payment of the same agreement, amount and date exists (else 409 "
           "`probable_duplicate` naming that payment's reference)",
           "false"},
      }};
  return spec;
}

PaymentRequest read_payment(const SpecFields& f) {
  PaymentRequest r;
  r.agreement = trimmed(f.text("agreement"));
  r.received_on = f.date("received_on");
  const Currency currency = currency_of(f, "currency");
  r.currency = std::string(currency.code());
  r.amount_minor = f.amount("amount", currency);
  r.fx_rate = trimmed(f.text_or("fx_rate", ""));
  r.fx_source = trimmed(f.text_or("fx_source", ""));
  r.reference = trimmed(f.text("reference"));
  r.confirm_duplicate = f.flag("confirm_duplicate");
  return r;
}

const RequestSpec& reversal_spec() {
  static const RequestSpec spec{
      "ReversalRequest",
      "Takes back a payment or payout recorded in error; the same reversal again changes nothing (200).",
      {
          {"reversed_on", FieldType::kDate, true, "The day of the reversal: on or after the original, in an open month",
           "2026-05-02"},
          {"reason", FieldType::kText, true, "Why it is reversed (kept on the record and in the history)",
           "recorded against the wrong agreement"},
      }};
  return spec;
}

ReversalRequest read_reversal(const SpecFields& f) {
  ReversalRequest r;
  r.reversed_on = f.date("reversed_on");
  r.reason = f.text("reason");
  return r;
}

const RequestSpec& payout_spec() {
  static const RequestSpec spec{
      "PayoutRequest",
      "Money paid out of an institution's payable. Replaying the same reference with the same content "
      "changes nothing (200).",
      {
          {"institution", FieldType::kText, true, "The institution's code", "U-TOKYO"},
          {"paid_on", FieldType::kDate, true, "The day it was paid", "2026-05-10"},
          {"amount", FieldType::kAmount, true, "A decimal string in JPY, at most the payable balance", "416,667"},
          {"currency", FieldType::kWord, false, "JPY (payables are kept in yen); may be omitted", "JPY", nullptr,
           {"JPY"}},
          {"reference", FieldType::kText, true, "The payout's reference: unique, the idempotency key", "PO-2026-05-001"},
      }};
  return spec;
}

PayoutRequest read_payout(const SpecFields& f) {
  PayoutRequest r;
  r.institution = trimmed(f.text("institution"));
  r.paid_on = f.date("paid_on");
  f.optional_word<Currency>("currency", [](std::string_view code) -> std::optional<Currency> {
    if (code != "JPY") return std::nullopt;
    return Currency::jpy();
  });
  r.amount_minor = f.amount("amount", Currency::jpy());
  r.reference = trimmed(f.text("reference"));
  return r;
}

const RequestSpec& credit_refund_spec() {
  static const RequestSpec spec{
      "CreditRefundRequest",
      "Licensee credit paid back to the licensee (a payment out). Replaying the same reference with the same "
      "content changes nothing.",
      {
          {"agreement", FieldType::kText, true, "The agreement's reference", "LA-2026-001"},
          {"date", FieldType::kDate, true, "The day the money left (an open month)", "2026-06-15"},
          {"amount", FieldType::kAmount, true, "A decimal string in `currency`, at most the credit held", "10,000"},
          {"currency", FieldType::kText, false, "ISO 4217 code: the agreement's currency (JPY when omitted)", "JPY"},
          {"reference", FieldType::kText, true, "The bank reference: unique, the idempotency key", "REFUND-001"},
      }};
  return spec;
}

CreditRefundRequest read_credit_refund(const SpecFields& f) {
  CreditRefundRequest r;
  r.agreement = trimmed(f.text("agreement"));
  r.date = f.date("date");
  const std::string code = trimmed(f.text_or("currency", "JPY"));
  auto currency = Currency::of(code);
  if (!currency) file_error(f.name("currency"), currency.error().message);
  r.currency = std::string(currency->code());
  r.amount_minor = f.amount("amount", *currency);
  r.reference = trimmed(f.text("reference"));
  return r;
}

}  // namespace chizai::requests
