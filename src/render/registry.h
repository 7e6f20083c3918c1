// JSON renderings of the registry: institutions, patents and import reports, the
// same text for `chizai … --format json` and the HTTP API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/json_writer.h"
#include "portfolio/aggregation.h"
#include "registry/model.h"
#include "services/registry_service.h"
#include "store/registry_store.h"

namespace chizai {

// One registered patent: the import record's keys (io/registry_json.h) and
// then "simple_family", "extended_family".
void write_stored_patent_json(JsonWriter& w, const StoredPatent& sp);
// `patent show`: the same, then "aggregation": {"aggregator", "mode",
// "date"} or null when the patent is not aggregated.
void write_patent_detail_json(JsonWriter& w, const StoredPatent& sp,
                              const std::optional<Aggregation>& aggregation);
// An array of write_stored_patent_json objects.
void write_patents_json(JsonWriter& w, const std::vector<StoredPatent>& patents);
// An array of institution records (io/registry_json.h).
void write_institutions_json(JsonWriter& w, const std::vector<Institution>& institutions);

// An import's validation report, the figures `chizai patent import` prints:
//   {"read", "inserted", "updated", "unchanged", "rejected", "written",
//    "families_changed", "problems": [{"line", "key", "field", "reason"}…]}
void write_import_report_json(JsonWriter& w, const ImportReport& report);

}  // namespace chizai
