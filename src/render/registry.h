// JSON renderings of the registry: institutions, patents and import reports, the
// same text for `chizai … --format json` and the HTTP API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/json_writer.h"
#include "portfolio/aggregation.h"
#include "registry/model.h"
#include "services/aggregation_service.h"
#include "services/ownership_service.h"
#include "services/registry_service.h"
#include "store/registry_store.h"

namespace chizai {

// One registered patent: the import record's keys (io/registry_json.h) and
// then "simple_family", "extended_family".
void write_stored_patent_json(JsonWriter& w, const StoredPatent& sp);
// `patent show`: the same, then "aggregation": {"aggregator", "mode",
// "date"} or null when the patent is not aggregated, "as_of" (today),
// "owners_of_record" (who holds the title on as_of: the aggregator after an
// assignment) and "beneficiaries" (who receives its licence income: the
// originating owners after an assignment, else the owners of record), each
// [{"institution", "share"}]. "owners" stays the registered owners (after
// an assignment: the originating owners).
void write_patent_detail_json(JsonWriter& w, const PatentDetail& detail);
// A patent's owner history (`patent owners`, GET
// /api/v1/patents/{number}/owners/history): {"application_number",
// "filing_date", "as_of", "owners_of_record", "beneficiaries",
// "periods": [{"valid_from", "valid_to" (the last day, or null), "kind",
// "owners", "consents", "recorded_at", "actor", "reason"}]}.
void write_owner_history_json(JsonWriter& w, const OwnerHistory& h);
// What a transfer did: {"application_number", "date", "from", "to",
// "consents", "reason", "recorded_at", "actor"}.
void write_transfer_json(JsonWriter& w, const TransferOutcome& t);
// An array of write_stored_patent_json objects.
void write_patents_json(JsonWriter& w, const std::vector<StoredPatent>& patents);
// An array of institution records (io/registry_json.h).
void write_institutions_json(JsonWriter& w, const std::vector<Institution>& institutions);

// An import's validation report, the figures `chizai patent import` prints:
//   {"read", "inserted", "updated", "unchanged", "rejected", "written",
//    "families_changed", "problems": [{"line", "key", "field", "reason"}…]}
void write_import_report_json(JsonWriter& w, const ImportReport& report);
// The import report's members (read … problems) inside an object the
// caller opened; `written` as the caller's import decided (office XML).
void write_import_report_members(JsonWriter& w, const ImportReport& report, bool written);

}  // namespace chizai
