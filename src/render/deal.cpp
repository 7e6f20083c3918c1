#include "render/deal.h"

namespace chizai::render {
namespace {

void write_summary_fields(JsonWriter& w, const DealSummary& d) {
  w.field("company", d.company).field("company_name", d.company_name).field("package", d.package);
  w.field("package_name", d.package_name);
  w.text_or_null("region", d.region);
  w.field("stage", to_string(d.stage));
  w.text_or_null("staff", d.staff);
  w.text_or_null("staff_name", d.staff_name);
  w.field("opened_on", d.opened_on.to_string()).field("changed_on", d.changed_on.to_string());
  w.text_or_null("agreement", d.agreement);
}

void write_event(JsonWriter& w, const DealEvent& e) {
  w.begin_object().field("id", static_cast<std::int64_t>(e.id)).key("from");
  if (e.from) {
    w.value(to_string(*e.from));
  } else {
    w.null();
  }
  w.field("to", to_string(e.to)).field("on", e.on.to_string());
  w.text_or_null("staff", e.staff);
  w.text_or_null("staff_name", e.staff_name);
  w.field("note", e.note);
  w.text_or_null("agreement", e.agreement);
  w.field("recorded_at", e.recorded_at).end_object();
}

void write_cell(JsonWriter& w, const StageCell& c) {
  w.begin_object()
      .field("stage", to_string(c.stage))
      .field("count", c.ages.count)
      .key("age_days")
      .begin_object()
      .field("min", c.ages.min_days)
      .field("median", c.ages.median_days)
      .field("mean", c.ages.mean_days)
      .field("max", c.ages.max_days)
      .end_object()
      .end_object();
}

void write_groups(JsonWriter& w, std::string_view key, const std::vector<PipelineGroup>& groups) {
  w.begin_array();
  for (const auto& g : groups) {
    w.begin_object();
    w.text_or_null(key, g.key);
    if (key == "staff") w.text_or_null("staff_name", g.name);
    w.field("deals", g.deals).key("stages").begin_array();
    for (const auto& c : g.stages) write_cell(w, c);
    w.end_array().end_object();
  }
  w.end_array();
}

}  // namespace

void write_deal_summary(JsonWriter& w, const DealSummary& deal) {
  w.begin_object();
  write_summary_fields(w, deal);
  w.end_object();
}

void write_deal(JsonWriter& w, const DealView& deal) {
  w.begin_object();
  write_summary_fields(w, deal.deal);
  w.key("history").begin_array();
  for (const auto& e : deal.history) write_event(w, e);
  w.end_array().end_object();
}

std::string deal_json(const DealView& deal, int indent) {
  JsonWriter w(indent);
  write_deal(w, deal);
  return w.take();
}

std::string deal_list_json(const std::vector<DealSummary>& deals, int indent) {
  JsonWriter w(indent);
  w.begin_array();
  for (const auto& d : deals) write_deal_summary(w, d);
  w.end_array();
  return w.take();
}

void write_pipeline_report(JsonWriter& w, const PipelineReport& r) {
  w.begin_object().field("as_of", r.as_of.to_string()).field("deals", r.deals).key("by_stage").begin_array();
  for (const auto& c : r.by_stage) write_cell(w, c);
  w.end_array().key("by_staff");
  write_groups(w, "staff", r.by_staff);
  w.key("by_region");
  write_groups(w, "region", r.by_region);
  w.key("conversion").begin_array();
  for (const auto& c : r.conversion) {
    w.begin_object()
        .field("from", to_string(c.from))
        .field("to", to_string(c.to))
        .field("reached", c.reached)
        .field("advanced", c.advanced)
        .field("rate_bps", c.rate_bps)
        .end_object();
  }
  w.end_array().end_object();
}

std::string pipeline_report_json(const PipelineReport& report, int indent) {
  JsonWriter w(indent);
  write_pipeline_report(w, report);
  return w.take();
}

}  // namespace chizai::render
