#include "render/fees.h"

namespace chizai::render {
namespace {

void optional_minor(JsonWriter& w, std::string_view key, const std::optional<std::int64_t>& v) {
  w.key(key);
  if (v) {
    w.value(*v);
  } else {
    w.null();
  }
}

void write_line(JsonWriter& w, const docket::ForecastLine& l, bool with_group) {
  w.begin_object().field("fiscal_year", l.fiscal_year);
  if (with_group) w.text_or_null("group", l.group);
  w.field("currency", l.currency).field("amount_minor", l.amount_minor);
  optional_minor(w, "jpy_amount_minor", l.jpy_minor);
  w.field("fees", l.fees).end_object();
}

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
  w.key(key).begin_array();
  for (const std::string& s : v) w.value(s);
  w.end_array();
}

}  // namespace

void write_forecast_json(JsonWriter& w, const docket::Forecast& f) {
  w.begin_object()
      .field("as_of", f.as_of.to_string())
      .field("until", f.until.to_string())
      .field("years", f.years)
      .field("by", std::string(docket::to_string(f.by)))
      .field("converted", f.converted)
      .field("applications", f.applications);
  w.key("lines").begin_array();
  for (const auto& l : f.lines) write_line(w, l, true);
  w.end_array().key("totals").begin_array();
  for (const auto& y : f.totals) {
    w.begin_object().field("fiscal_year", y.fiscal_year);
    optional_minor(w, "jpy_amount_minor", y.jpy_minor);
    w.field("fees", y.fees).key("by_currency").begin_array();
    for (const auto& l : y.by_currency) {
      w.begin_object().field("currency", l.currency).field("amount_minor", l.amount_minor);
      optional_minor(w, "jpy_amount_minor", l.jpy_minor);
      w.field("fees", l.fees).end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
}

std::string forecast_json(const docket::Forecast& f) {
  JsonWriter w;
  write_forecast_json(w, f);
  return w.take();
}

void write_review_json(JsonWriter& w, const Review& r) {
  w.begin_object()
      .field("as_of", r.as_of.to_string())
      .field("within_days", r.within_days)
      .field("converted", r.converted);
  w.key("items").begin_array();
  for (const ReviewRow& row : r.rows) {
    w.begin_object().field("number", row.number).field("jurisdiction", row.jurisdiction);
    write_strings(w, "owners", row.owners);
    w.field("payer", row.payer)
        .field("task", row.task_key)
        .field("label", row.task_label)
        .field("due", row.due.to_string())
        .field("late", row.late);
    w.key("fee").begin_object().field("amount_minor", row.fee_minor).field("currency", row.currency);
    optional_minor(w, "jpy_amount_minor", row.fee_jpy);
    w.end_object();
    w.text_or_null("expiry", row.expiry ? row.expiry->to_string() : std::string());
    w.key("keep_cost").begin_object();
    optional_minor(w, "jpy_amount_minor", row.keep.jpy_minor);
    w.field("fees", row.keep.fees).key("by_currency").begin_array();
    for (const auto& [currency, amount] : row.keep.by_currency) {
      w.begin_object().field("currency", currency).field("amount_minor", amount).end_object();
    }
    w.end_array().end_object();
    w.field("earned_jpy_minor", row.earned_jpy);
    write_strings(w, "licences", row.licences);
    write_strings(w, "packages", row.packages);
    write_strings(w, "projects", row.projects);
    w.field("open_deals", row.open_deals)
        .field("companies", row.companies)
        .field("unsupported", row.unsupported())
        .end_object();
  }
  w.end_array().end_object();
}

std::string review_json(const Review& r) {
  JsonWriter w;
  write_review_json(w, r);
  return w.take();
}

}  // namespace chizai::render
