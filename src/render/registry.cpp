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

void write_patent_detail_json(JsonWriter& w, const StoredPatent& sp,
                              const std::optional<Aggregation>& aggregation) {
  write_patent_json(w, sp.patent, [&](JsonWriter& jw) {
    write_families(jw, sp);
    jw.key("aggregation");
    if (!aggregation) {
      jw.null();
      return;
    }
    jw.begin_object()
        .field("aggregator", aggregation->aggregator)
        .field("mode", to_string(aggregation->mode))
        .field("date", aggregation->date.to_string())
        .end_object();
  });
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

void write_import_report_json(JsonWriter& w, const ImportReport& report) {
  w.begin_object()
      .field("read", report.read)
      .field("inserted", report.inserted)
      .field("updated", report.updated)
      .field("unchanged", report.unchanged)
      .field("rejected", report.rejected)
      .field("written", report.written)
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
  w.end_array().end_object();
}

}  // namespace chizai
