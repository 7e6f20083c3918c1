// JSON renderings of the licensing services, shared by the CLI and the API.
#include "render/licensing.h"

#include <cstdint>
#include <optional>

namespace chizai::render {
namespace {

void optional_id(JsonWriter& w, const char* key, const std::optional<long long>& id) {
  w.key(key);
  if (id) {
    w.value(static_cast<std::int64_t>(*id));
  } else {
    w.null();
  }
}

// A report's keys, in an object the caller opened.
void write_report_fields(JsonWriter& w, const std::string& currency, const ReportView& r) {
  w.field("id", static_cast<std::int64_t>(r.id)).field("period_start", r.period_start.to_string());
  w.field("period_end", r.period_end.to_string()).field("contract_year", r.contract_year);
  w.field("net_sales_minor", r.net_sales_minor).field("sublicense_income_minor", r.sublicense_income_minor);
  w.field("currency", currency);
  optional_id(w, "corrects", r.corrects);
  optional_id(w, "corrected_by", r.corrected_by);
  w.field("received_at", r.received_at);
}

// An invoice's keys, in an object the caller opened.
void write_invoice_fields(JsonWriter& w, const std::string& currency, const InvoiceView& i) {
  w.field("id", static_cast<std::int64_t>(i.id)).field("income_type", i.income_type);
  w.field("issued_on", i.issued_on.to_string()).field("amount_minor", i.amount_minor);
  w.field("due_on", i.due_on.to_string());
  w.field("paid_minor", i.paid_minor).field("open_minor", i.open_minor).field("currency", currency);
  optional_id(w, "report", i.report_id);
  w.key("milestone");
  if (i.milestone.empty()) {
    w.null();
  } else {
    w.value(i.milestone);
  }
  w.key("contract_year");
  if (i.contract_year) {
    w.value(*i.contract_year);
  } else {
    w.null();
  }
  w.field("description", i.description);
}

void write_terms(JsonWriter& w, const AgreementView& v) {
  const AgreementTerms& t = v.terms;
  w.field("id", t.reference).field("licensee", t.licensee).field("licensee_name", v.licensee_name);
  w.key("package");
  if (t.package.empty()) {
    w.null();
  } else {
    w.value(t.package);
  }
  w.field("exclusive", t.exclusive).field("field", t.field).key("territory").begin_array();
  for (const auto& c : t.territory) w.value(c);
  w.end_array().field("start", t.start.to_string()).field("end", t.end.to_string());
  w.field("currency", t.currency).field("policy", t.policy).field("upfront_fee_minor", t.upfront_minor);
  w.key("royalty_tiers").begin_array();
  for (const auto& tier : t.tiers) {
    w.begin_object().field("currency", t.currency).key("up_to_minor");
    if (tier.up_to_minor) {
      w.value(*tier.up_to_minor);
    } else {
      w.null();
    }
    w.field("rate_bps", tier.rate_bps).end_object();
  }
  w.end_array().field("minimum_annual_royalty_minor", t.minimum_annual_minor);
  w.field("minimum_pro_rata", t.minimum_pro_rata);
  w.field("payment_terms_days", t.payment_terms_days.value_or(0));
  w.field("reporting_period", t.reporting_period);
  w.field("reporting_days", t.reporting_days.value_or(0));
  w.field("sublicense_share_bps", t.sublicense_share_bps);
}

void write_parts(JsonWriter& w, const AgreementView& v) {
  const std::string& currency = v.terms.currency;
  w.key("milestones").begin_array();
  for (const auto& m : v.milestones) {
    w.begin_object().field("name", m.name).field("amount_minor", m.amount_minor).field("currency", currency);
    w.key("reached_on");
    if (m.reached_on) {
      w.value(m.reached_on->to_string());
    } else {
      w.null();
    }
    w.end_object();
  }
  w.end_array().key("patents").begin_array();
  for (const auto& p : v.patents) {
    w.begin_object().field("application_number", p.application_number).field("title", p.title);
    w.field("weight", p.weight).end_object();
  }
  w.end_array().key("reports").begin_array();
  for (const auto& r : v.reports) {
    w.begin_object();
    write_report_fields(w, currency, r);
    w.end_object();
  }
  w.end_array().key("invoices").begin_array();
  for (const auto& i : v.invoices) write_invoice(w, currency, i);
  w.end_array().key("totals").begin_object().field("invoiced_minor", v.totals.invoiced_minor);
  w.field("paid_minor", v.totals.paid_minor).field("open_minor", v.totals.open_minor).field("currency", currency);
  w.end_object();
}

}  // namespace

void write_invoice(JsonWriter& w, const std::string& currency, const InvoiceView& i) {
  w.begin_object();
  write_invoice_fields(w, currency, i);
  w.end_object();
}

void write_agreement_report(JsonWriter& w, const AgreementReport& r) {
  w.begin_object().field("agreement", r.agreement);
  write_report_fields(w, r.currency, r.report);
  w.end_object();
}

void write_agreement_invoice(JsonWriter& w, const AgreementInvoice& i) {
  w.begin_object().field("agreement", i.agreement);
  write_invoice_fields(w, i.currency, i.invoice);
  w.end_object();
}

std::string invoice_detail_json(const InvoiceDetail& d, int indent) {
  JsonWriter w(indent);
  w.begin_object().field("agreement", d.invoice.agreement);
  write_invoice_fields(w, d.invoice.currency, d.invoice.invoice);
  w.key("settlements").begin_array();
  for (const auto& s : d.settlements) {
    w.begin_object().field("kind", s.kind).field("reference", s.reference).field("on", s.on.to_string());
    w.field("amount_minor", s.amount_minor).field("reversed", s.reversed).end_object();
  }
  w.end_array().end_object();
  return w.take();
}

void write_agreement(JsonWriter& w, const AgreementView& v) {
  w.begin_object();
  write_terms(w, v);
  write_parts(w, v);
  w.field("created_at", v.created_at).end_object();
}

std::string agreement_json(const AgreementView& agreement, int indent) {
  JsonWriter w(indent);
  write_agreement(w, agreement);
  return w.take();
}

void write_agreement_summary(JsonWriter& w, const AgreementSummary& a) {
  w.begin_object().field("id", a.reference).field("licensee", a.licensee).key("package");
  if (a.package.empty()) {
    w.null();
  } else {
    w.value(a.package);
  }
  w.field("patents", a.patents).field("exclusive", a.exclusive).field("field", a.field).key("territory").begin_array();
  for (const auto& c : a.territory) w.value(c);
  w.end_array().field("start", a.start.to_string()).field("end", a.end.to_string()).field("currency", a.currency);
  w.field("invoiced_minor", a.totals.invoiced_minor).field("paid_minor", a.totals.paid_minor);
  w.field("open_minor", a.totals.open_minor);
  w.end_object();
}

std::string agreement_list_json(const std::vector<AgreementSummary>& all, int indent) {
  JsonWriter w(indent);
  w.begin_array();
  for (const auto& a : all) write_agreement_summary(w, a);
  w.end_array();
  return w.take();
}

void write_report_outcome(JsonWriter& w, const ReportOutcome& r) {
  w.begin_object().field("report", static_cast<std::int64_t>(r.report.id)).field("agreement", r.agreement);
  w.field("currency", r.currency).field("period_start", r.report.period_start.to_string());
  w.field("period_end", r.report.period_end.to_string()).field("contract_year", r.year.index);
  w.field("contract_year_first", r.year.first.to_string()).field("contract_year_last", r.year.last.to_string());
  optional_id(w, "corrects", r.report.corrects);
  w.field("net_sales_minor", r.report.net_sales_minor);
  w.field("sublicense_income_minor", r.report.sublicense_income_minor);
  w.field("cumulative_before_minor", r.cumulative_before_minor).field("cumulative_after_minor", r.cumulative_after_minor);
  w.key("invoices").begin_array();
  for (const auto& i : r.invoices) write_invoice(w, r.currency, i);
  w.end_array().end_object();
}

std::string report_outcome_json(const ReportOutcome& outcome, int indent) {
  JsonWriter w(indent);
  write_report_outcome(w, outcome);
  return w.take();
}

void write_milestone_invoice(JsonWriter& w, const std::string& agreement, const std::string& currency,
                             const InvoiceView& invoice) {
  w.begin_object().field("agreement", agreement).field("currency", currency).key("invoice");
  write_invoice(w, currency, invoice);
  w.end_object();
}

std::string milestone_invoice_json(const std::string& agreement, const std::string& currency,
                                   const InvoiceView& invoice, int indent) {
  JsonWriter w(indent);
  write_milestone_invoice(w, agreement, currency, invoice);
  return w.take();
}

}  // namespace chizai::render
