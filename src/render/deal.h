// JSON renderings of the deal pipeline (deals, their history, the pipeline
// report), shared by the CLI (`--format json`) and the HTTP API so both
// doors say the same thing. The *_json functions render a whole document,
// pretty-printed with `indent` spaces (0: one line), without a trailing
// newline.
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/deal_service.h"

namespace chizai::render {

// {"company", "company_name", "package", "package_name", "region", "stage",
//  "staff", "staff_name", "opened_on", "changed_on", "agreement"}; region,
// staff (a staff code), staff_name and agreement are null when there is none.
void write_deal_summary(JsonWriter& w, const DealSummary& deal);
// The summary's fields plus "history": [{"id", "from", "to", "on", "staff",
// "staff_name", "note", "agreement", "recorded_at"}] in the order recorded.
void write_deal(JsonWriter& w, const DealView& deal);
std::string deal_json(const DealView& deal, int indent = 2);
// [summary, …]
std::string deal_list_json(const std::vector<DealSummary>& deals, int indent = 2);

// {"as_of", "deals",
//  "by_stage": [{"stage", "count", "age_days": {"min", "median", "mean", "max"}}],
//  "by_staff": [{"staff", "staff_name", "deals", "stages": [stage cell, …]}],
//  "by_region": [{"region", "deals", "stages": [stage cell, …]}],
//  "conversion": [{"from", "to", "reached", "advanced", "rate_bps"}]}
void write_pipeline_report(JsonWriter& w, const PipelineReport& report);
std::string pipeline_report_json(const PipelineReport& report, int indent = 2);

}  // namespace chizai::render
