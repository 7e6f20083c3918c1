#include "render/receivables.h"

#include "licensing/receivables.h"

namespace chizai::render {
namespace {

void write_line(JsonWriter& w, const ReceivableLine& l) {
  const OpenItem& i = l.item;
  w.begin_object().field("invoice", static_cast<std::int64_t>(i.invoice_id)).field("agreement", i.agreement);
  w.field("licensee", i.licensee).field("licensee_name", i.licensee_name).field("income_type", i.income_type);
  w.field("issued_on", i.issued_on.to_string()).field("due_on", i.due_on.to_string()).field("currency", i.currency);
  w.field("amount_minor", i.amount_minor).field("open_minor", i.open_minor);
  w.field("days_past_due", static_cast<std::int64_t>(l.days_past_due)).field("bucket", l.bucket).end_object();
}

void write_total(JsonWriter& w, const AgingTotal& t, bool with_licensee) {
  w.begin_object();
  if (with_licensee) w.field("licensee", t.licensee);
  w.field("currency", t.currency);
  for (std::size_t b = 0; b < t.buckets_minor.size(); ++b) w.field(bucket_key(b), t.buckets_minor[b]);
  w.field("total_minor", t.total_minor).end_object();
}

}  // namespace

const char* bucket_key(std::size_t index) {
  static const char* const keys[] = {"current_minor", "days_1_30_minor", "days_31_60_minor", "days_61_90_minor",
                                     "days_over_90_minor"};
  return index < 5 ? keys[index] : "";
}

void write_receivables(JsonWriter& w, const ReceivablesReport& r) {
  w.begin_object().field("as_of", r.as_of.to_string()).key("buckets").begin_array();
  for (const auto& b : aging_buckets()) w.value(b);
  w.end_array().key("invoices").begin_array();
  for (const auto& l : r.invoices) write_line(w, l);
  w.end_array().key("by_licensee").begin_array();
  for (const auto& t : r.by_licensee) write_total(w, t, true);
  w.end_array().key("totals").begin_array();
  for (const auto& t : r.totals) write_total(w, t, false);
  w.end_array().key("overdue").begin_array();
  for (const auto& l : r.overdue) write_line(w, l);
  w.end_array().key("late_reports").begin_array();
  for (const auto& l : r.late_reports) {
    w.begin_object().field("agreement", l.agreement).field("licensee", l.licensee);
    w.field("reporting_period", l.reporting_period).field("period_first", l.period_first.to_string());
    w.field("period_last", l.period_last.to_string()).field("due_on", l.due_on.to_string());
    w.field("days_late", static_cast<std::int64_t>(l.days_late)).end_object();
  }
  w.end_array().end_object();
}

std::string receivables_json(const ReceivablesReport& report, int indent) {
  JsonWriter w(indent);
  write_receivables(w, report);
  return w.take();
}

}  // namespace chizai::render
