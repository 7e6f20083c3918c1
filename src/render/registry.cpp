// JSON renderings of the registry, shared by the CLI and the API.
#include "render/registry.h"

#include "io/registry_json.h"

namespace chizai {
namespace {

void write_families(JsonWriter& w, const StoredPatent& sp) {
  w.field("simple_family", sp.simple_family).field("extended_family", sp.extended_family);
}

}  // namespace

void write_stored_patent_json(JsonWriter& w, const StoredPatent& sp) {
  write_patent_json(w, sp.patent, [&](JsonWriter& jw) { write_families(jw, sp); });
}

void write_patent_detail_json(JsonWriter& w, const PatentDetail& detail) {
  const std::optional<Aggregation>& aggregation = detail.aggregation;
  write_patent_json(w, detail.stored.patent, [&](JsonWriter& jw) {
    write_families(jw, detail.stored);
    jw.key("aggregation");
    if (!aggregation) {
      jw.null();
    } else {
      jw.begin_object()
          .field("aggregator", aggregation->aggregator)
          .field("mode", to_string(aggregation->mode))
          .field("date", aggregation->date.to_string())
          .end_object();
    }
    jw.field("as_of", detail.as_of.to_string());
    write_owners_json(jw, "owners_of_record", detail.owners_of_record);
    write_owners_json(jw, "beneficiaries", detail.beneficiaries);
  });
}

void write_owner_history_json(JsonWriter& w, const OwnerHistory& h) {
  w.begin_object()
      .field("application_number", h.application)
      .field("filing_date", h.filing_date.to_string())
      .field("as_of", h.as_of.to_string());
  write_owners_json(w, "owners_of_record", h.owners_of_record);
  write_owners_json(w, "beneficiaries", h.beneficiaries);
  w.key("periods").begin_array();
  for (std::size_t i = 0; i < h.periods.size(); ++i) {
    const OwnerPeriod& p = h.periods[i];
    w.begin_object().field("valid_from", p.valid_from.to_string());
    if (i + 1 < h.periods.size()) {
      w.field("valid_to", h.periods[i + 1].valid_from.add_days(-1).to_string());
    } else {
      w.key("valid_to").null();
    }
    w.field("kind", p.kind);
    write_owners_json(w, "owners", p.owners);
    w.key("consents").begin_array();
    for (const auto& c : p.consents) w.value(c);
    w.end_array();
    w.field("recorded_at", p.recorded_at).field("actor", p.actor).field("reason", p.reason).end_object();
  }
  w.end_array().end_object();
}

void write_transfer_json(JsonWriter& w, const TransferOutcome& t) {
  w.begin_object()
      .field("application_number", t.application)
      .field("date", t.period.valid_from.to_string());
  write_owners_json(w, "from", t.before);
  write_owners_json(w, "to", t.period.owners);
  w.key("consents").begin_array();
  for (const auto& c : t.period.consents) w.value(c);
  w.end_array();
  w.field("reason", t.period.reason)
      .field("recorded_at", t.period.recorded_at)
      .field("actor", t.period.actor)
      .end_object();
}

void write_patents_json(JsonWriter& w, const std::vector<StoredPatent>& patents) {
  w.begin_array();
  for (const auto& p : patents) write_stored_patent_json(w, p);
  w.end_array();
}

void write_institutions_json(JsonWriter& w, const std::vector<Institution>& institutions) {
  w.begin_array();
  for (const auto& i : institutions) write_institution_json(w, i);
  w.end_array();
}

void write_import_report_members(JsonWriter& w, const ImportReport& report, bool written) {
  w.field("read", report.read)
      .field("inserted", report.inserted)
      .field("updated", report.updated)
      .field("unchanged", report.unchanged)
      .field("rejected", report.rejected)
      .field("written", written)
      .field("families_changed", report.families_changed)
      .key("problems")
      .begin_array();
  for (const auto& p : report.problems) {
    w.begin_object()
        .field("line", static_cast<std::int64_t>(p.line))
        .field("key", p.key)
        .field("field", p.field)
        .field("reason", p.reason);
    if (p.code.empty()) {
      w.key("code").null();
    } else {
      w.field("code", p.code);
    }
    w.end_object();
  }
  w.end_array();
}

void write_import_report_json(JsonWriter& w, const ImportReport& report) {
  w.begin_object();
  write_import_report_members(w, report, report.written);
  w.end_object();
}

}  // namespace chizai
