// The licensing requests: an agreement, a licensee report and a reached
// milestone, read the same way by `chizai agreement add FILE`, `chizai
// report add FILE`, `chizai milestone reach`, POST /api/v1/agreements,
// /api/v1/reports, /api/v1/agreements/{id}/milestones/reach and the scheme
// loader's "agreement.add", "report.add" and "milestone.reach" operations.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "core/result.h"
#include "io/request_spec.h"
#include "services/licensing_service.h"

namespace chizai::requests {

// An agreement file: {"id", "licensee", "package" | "patents", "exclusive",
// "field", "territory", "start", "end", "currency", "upfront_fee",
// "royalty_tiers": [{"up_to", "rate_bps"}], "minimum_annual_royalty",
// "milestones": [{"name", "amount"}], "sublicense_share_bps", "policy"}:
// amounts are decimal strings in `currency`. Checks the form only
// (validate_terms and LicensingService::add_agreement check the terms).
const RequestSpec& agreement_spec();
AgreementTerms read_agreement(const SpecFields& f);

// A report file: {"agreement", "period_start", "period_end", "lines":
// [{"territory", "product", "net_sales"}], "sublicense_income", "corrects"};
// amounts stay text until the agreement (so the currency) is known.
const RequestSpec& report_spec();
ReportFile read_report(const SpecFields& f);

// A reached milestone: {"name", "reached_on"}; the agreement is named apart
// (the path, an argument, the loader line's "agreement").
struct MilestoneReach {
  std::string agreement;
  std::string name;
  Date reached_on;
};
const RequestSpec& milestone_spec();
MilestoneReach read_milestone(const SpecFields& f);

// An object already parsed (a JSON file's root) read by `spec` with
// `reader`, as `chizai agreement|report add` and the scheme loader read a
// file: a value the reader refuses is an invalid error ("bad_file":
// "<what>: <why>", naming the field).
template <class T>
Result<T> read_file_object(const simdjson::dom::element& root, const char* what, const RequestSpec& spec,
                           T (*reader)(const SpecFields&)) {
  try {
    return reader(SpecFields(root, spec));
  } catch (const FileError& e) {
    return make_error(ErrorKind::kInvalid, "bad_file", std::string(what) + ": " + e.message, e.field);
  }
}

// The same for a file's text; text that is not JSON is refused too
// ("bad_json").
template <class T>
Result<T> read_file_text(std::string_view text, const char* what, const RequestSpec& spec,
                         T (*reader)(const SpecFields&)) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(text.data(), text.size()).get(root); err) {
    return make_error(ErrorKind::kInvalid, "bad_json",
                      std::string("the ") + what + " is not valid JSON: " + simdjson::error_message(err));
  }
  return read_file_object(root, what, spec, reader);
}

// An agreement file's text read by read_agreement (read_file_text), then
// recorded by `service` with the text kept as submitted: what `chizai
// agreement add FILE` and the loader's "agreement.add" do.
Result<AgreementView> add_agreement_text(LicensingService& service, const std::string& json);

// A report file's text read by read_report (read_file_text).
Result<ReportFile> report_from_text(std::string_view json);
// report_from_text, then LicensingService::add_report.
Result<ReportOutcome> add_report_text(LicensingService& service, const std::string& json);

}  // namespace chizai::requests
