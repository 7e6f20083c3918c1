// JSON renderings of the payment services, shared by the CLI and the API.
#include "render/payment.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace chizai::render {
namespace {

// "reversal": null or {"reversed_on", "reason"}.
void write_reversal(JsonWriter& w, const std::optional<ReversalView>& r) {
  w.key("reversal");
  if (r) {
    w.begin_object().field("reversed_on", r->reversed_on.to_string()).field("reason", r->reason).end_object();
  } else {
    w.null();
  }
}

void write_payment_fields(JsonWriter& w, const PaymentView& p) {
  w.field("reference", p.reference).field("agreement", p.agreement).field("licensee", p.licensee);
  w.text_or_null("package", p.package);
  w.field("received_on", p.received_on.to_string()).field("currency", p.currency)
      .field("amount_minor", p.amount_minor);
  w.text_or_null("fx_rate", p.fx_rate);
  w.text_or_null("fx_source", p.fx_source);
  w.field("jpy_amount_minor", p.jpy_minor).field("applied_minor", p.applied_minor)
      .field("credit_minor", p.credit_minor);
  write_reversal(w, p.reversal);
}

}  // namespace

void write_payment(JsonWriter& w, const PaymentView& p) {
  w.begin_object();
  write_payment_fields(w, p);
  w.field("distributed_jpy_minor", p.distributed_jpy_minor).key("applications").begin_array();
  for (const auto& a : p.applications) {
    w.begin_object().field("invoice", static_cast<std::int64_t>(a.invoice_id))
        .field("income_type", a.income_type).field("issued_on", a.issued_on.to_string())
        .field("currency", p.currency).field("amount_minor", a.amount_minor).end_object();
  }
  w.end_array().key("lines").begin_array();
  for (const auto& l : p.lines) {
    w.begin_object().field("kind", l.kind).field("income_type", l.income_type);
    w.text_or_null("package", l.package);
    w.text_or_null("patent", l.patent);
    w.text_or_null("institution", l.institution);
    w.text_or_null("share", l.share);
    w.field("currency", "JPY").field("amount_minor", l.amount_minor).end_object();
  }
  w.end_array().end_object();
}

std::string payment_json(const PaymentView& payment, int indent) {
  JsonWriter w(indent);
  write_payment(w, payment);
  return w.take();
}

void write_payment_summary(JsonWriter& w, const PaymentView& payment) {
  w.begin_object();
  write_payment_fields(w, payment);
  w.end_object();
}

std::string payment_list_json(const std::vector<PaymentView>& all, int indent) {
  JsonWriter w(indent);
  w.begin_array();
  for (const auto& p : all) write_payment_summary(w, p);
  w.end_array();
  return w.take();
}

namespace {

void write_payout_fields(JsonWriter& w, const PayoutView& p) {
  w.field("reference", p.reference).field("institution", p.institution)
      .field("paid_on", p.paid_on.to_string()).field("currency", "JPY").field("amount_minor", p.amount_minor);
}

}  // namespace

void write_payout(JsonWriter& w, const PayoutView& p) {
  w.begin_object();
  write_payout_fields(w, p);
  w.field("balance_after_minor", p.balance_after_minor);
  write_reversal(w, p.reversal);
  w.end_object();
}

void write_payout_summary(JsonWriter& w, const PayoutView& p) {
  w.begin_object();
  write_payout_fields(w, p);
  write_reversal(w, p.reversal);
  w.end_object();
}

std::string payout_list_json(const std::vector<PayoutView>& all, int indent) {
  JsonWriter w(indent);
  w.begin_array();
  for (const auto& p : all) write_payout_summary(w, p);
  w.end_array();
  return w.take();
}

std::string payout_json(const PayoutView& payout, int indent) {
  JsonWriter w(indent);
  write_payout(w, payout);
  return w.take();
}

void write_payable(JsonWriter& w, const PayableBalance& b) {
  w.begin_object().field("institution", b.institution).field("name_en", b.name_en)
      .field("currency", "JPY").field("credited_minor", b.credited_minor).field("paid_minor", b.paid_minor)
      .field("balance_minor", b.balance_minor).end_object();
}

std::string payable_list_json(const std::vector<PayableBalance>& all, int indent) {
  JsonWriter w(indent);
  w.begin_array();
  for (const auto& b : all) write_payable(w, b);
  w.end_array();
  return w.take();
}

void write_credit(JsonWriter& w, const CreditBalance& c) {
  w.begin_object().field("agreement", c.agreement).field("licensee", c.licensee).field("currency", c.currency)
      .field("balance_minor", c.balance_minor).field("applied_minor", c.applied_minor).end_object();
}

std::string credit_list_json(const std::vector<CreditBalance>& all, int indent) {
  JsonWriter w(indent);
  w.begin_array();
  for (const auto& c : all) write_credit(w, c);
  w.end_array();
  return w.take();
}

void write_ledger_summary(JsonWriter& w, const LedgerSummary& s) {
  w.begin_object().field("status", "ok").field("entries", static_cast<std::int64_t>(s.entries))
      .field("postings", static_cast<std::int64_t>(s.postings))
      .field("invoices", static_cast<std::int64_t>(s.invoices))
      .field("payments", static_cast<std::int64_t>(s.payments))
      .field("payouts", static_cast<std::int64_t>(s.payouts)).key("currencies").begin_array();
  for (const auto& c : s.currencies) {
    w.begin_object().field("currency", c.currency).field("debits_minor", c.debits_minor)
        .field("credits_minor", c.credits_minor).end_object();
  }
  w.end_array().end_object();
}

std::string ledger_summary_json(const LedgerSummary& summary, int indent) {
  JsonWriter w(indent);
  write_ledger_summary(w, summary);
  return w.take();
}

void write_fx_rate(JsonWriter& w, const FxRateRow& rate) {
  w.begin_object()
      .field("date", rate.date.to_string())
      .field("currency", rate.currency)
      .field("rate", rate.rate)
      .field("source", rate.source)
      .field("imported_at", rate.imported_at)
      .field("imported_by", rate.actor)
      .end_object();
}

void write_fx_import(JsonWriter& w, const FxImportReport& report) {
  w.begin_object()
      .field("read", static_cast<std::int64_t>(report.read))
      .field("inserted", static_cast<std::int64_t>(report.inserted))
      .field("unchanged", static_cast<std::int64_t>(report.unchanged))
      .end_object();
}

}  // namespace chizai::render
