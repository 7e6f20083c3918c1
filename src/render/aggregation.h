// JSON renderings of aggregation, evaluations, co-owner consent and the change
// history, shared by the CLI (`--format json`) and the HTTP API.
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/aggregation_service.h"
#include "services/history.h"

namespace chizai::render {

// {"institution", "scope", "date"}
void write_consent_json(JsonWriter& w, const Consent& consent);

// One patent's aggregation (`aggregate`, `aggregation show`).
std::string aggregation_view_json(const AggregationView& view);
// One evaluation, as write_evaluation_json.
std::string evaluation_json(const Evaluation& evaluation);
// [evaluation, …] (`evaluation list`).
std::string evaluations_json(const std::vector<Evaluation>& evaluations);
// [{"institution", "scope", "date"}, …] (`consent list`).
std::string consents_json(const std::vector<Consent>& consents);
// What `consent add` did: {"application", "recorded", "consent": {…}}.
std::string consent_outcome_json(const ConsentOutcome& outcome);
// One aggregated patent: {"application", "title", "originating", "aggregator",
// "mode", "date", "reason", "latest_evaluation"}.
void write_aggregated_patent_json(JsonWriter& w, const AggregatedPatent& patent);
// An array of them (`aggregation list`).
std::string aggregated_patents_json(const std::vector<AggregatedPatent>& patents);
// One change record: {"id", "changed_at", "actor", "action", "entity_type",
// "entity_key", "detail"} (an item of GET /api/v1/history).
void write_change_record_json(JsonWriter& w, const ChangeRecord& record);
// The change history, newest first (`history`).
std::string change_records_json(const std::vector<ChangeRecord>& records);

}  // namespace chizai::render
