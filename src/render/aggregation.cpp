#include "render/aggregation.h"

#include <cstdint>
#include <optional>

#include "io/registry_json.h"

namespace chizai::render {
namespace {

void write_latest(JsonWriter& w, const std::optional<Evaluation>& e) {
  w.key("latest_evaluation");
  if (e) {
    write_evaluation_json(w, *e);
  } else {
    w.null();
  }
}

void write_aggregation(JsonWriter& w, const std::optional<Aggregation>& a) {
  w.key("aggregation");
  if (!a) {
    w.null();
    return;
  }
  w.begin_object()
      .field("aggregator", a->aggregator)
      .field("mode", to_string(a->mode))
      .field("date", a->date.to_string())
      .field("reason", a->reason)
      .end_object();
}

}  // namespace


void write_consent_json(JsonWriter& w, const Consent& consent) {
  w.begin_object()
      .field("institution", consent.institution)
      .field("scope", to_string(consent.scope))
      .field("date", consent.date.to_string())
      .end_object();
}

std::string aggregation_view_json(const AggregationView& v) {
  JsonWriter w(2);
  w.begin_object()
      .field("application", v.application)
      .field("title", v.title)
      .field("filing_date", v.filing_date.to_string());
  write_owners_json(w, "owners", v.owners);
  write_aggregation(w, v.aggregation);
  w.field("as_of", v.as_of.to_string());
  write_owners_json(w, "owner_of_record", v.owner_of_record);
  write_owners_json(w, "beneficiaries", v.beneficiaries);
  w.key("consents").begin_array();
  for (const auto& c : v.consents) write_consent_json(w, c);
  w.end_array().key("evaluations").begin_array();
  for (const auto& e : v.evaluations) write_evaluation_json(w, e);
  w.end_array();
  write_latest(w, v.latest_evaluation);
  w.end_object();
  return w.take();
}

std::string evaluation_json(const Evaluation& evaluation) {
  JsonWriter w(2);
  write_evaluation_json(w, evaluation);
  return w.take();
}

std::string evaluations_json(const std::vector<Evaluation>& evaluations) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& e : evaluations) write_evaluation_json(w, e);
  w.end_array();
  return w.take();
}

std::string consents_json(const std::vector<Consent>& consents) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& c : consents) write_consent_json(w, c);
  w.end_array();
  return w.take();
}

std::string consent_outcome_json(const ConsentOutcome& outcome) {
  JsonWriter w(2);
  w.begin_object()
      .field("application", outcome.application)
      .field("recorded", outcome.recorded)
      .key("consent");
  write_consent_json(w, outcome.consent);
  w.end_object();
  return w.take();
}

void write_aggregated_patent_json(JsonWriter& w, const AggregatedPatent& p) {
  w.begin_object().field("application", p.application).field("title", p.title);
  w.text_or_null("title_ja", p.title_ja);
  write_owners_json(w, "originating", p.originating);
  w.field("aggregator", p.aggregation.aggregator)
      .field("mode", to_string(p.aggregation.mode))
      .field("date", p.aggregation.date.to_string())
      .field("reason", p.aggregation.reason);
  write_latest(w, p.latest_evaluation);
  w.end_object();
}

std::string aggregated_patents_json(const std::vector<AggregatedPatent>& patents) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& p : patents) write_aggregated_patent_json(w, p);
  w.end_array();
  return w.take();
}

void write_change_record_json(JsonWriter& w, const ChangeRecord& r) {
  w.begin_object()
      .field("id", static_cast<std::int64_t>(r.id))
      .field("changed_at", r.changed_at)
      .field("actor", r.actor)
      .field("action", r.action)
      .field("entity_type", r.entity_type)
      .field("entity_key", r.entity_key)
      .field("detail", r.detail)
      .end_object();
}

std::string change_records_json(const std::vector<ChangeRecord>& records) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& r : records) write_change_record_json(w, r);
  w.end_array();
  return w.take();
}

}  // namespace chizai::render
