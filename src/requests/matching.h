// The matching requests: a company profile, recorded interest, a matching
// event and an offer assignment, read the same way by `chizai company|
// interest|event|match …` and POST /api/v1/companies|interests|events|
// assignments.
#pragma once

#include <cstddef>
#include <cstdint>

#include "io/request_spec.h"
#include "services/matching_service.h"

namespace chizai::requests {

// The company profile (io/company_formats.h's company_spec(): the reader of
// a companies file lives below this layer, so the spec is said there and
// named here). Read by read_company_json() / read_companies().
const RequestSpec& company_spec();

// {"company", "package", "noted_on", "note"}: noted_on defaults to today.
struct InterestRequest {
  std::string company, package;
  Date noted_on;
  std::string note;
};
const RequestSpec& interest_spec();
InterestRequest read_interest(const SpecFields& f);

// {"code", "name", "kind", "held_on", "packages", "companies"}: kind
// defaults to briefing; the service checks the rest (check_event).
const RequestSpec& event_spec();
MatchingEvent read_event(const SpecFields& f);
// An event file's text (a .json document or one .jsonl line) read by
// read_event: error "bad_event" naming the key for invalid JSON, unknown
// or repeated keys, wrong types and bad dates.
Result<MatchingEvent> parse_event(const std::string& text);

// {"package_cap", "company_cap", "top", "date"}, all optional: caps 1
// (at least 1), top 0 = the configured matching.top_k (else 1 to 100000),
// date today.
struct AssignmentRequest {
  std::int64_t package_cap = 1, company_cap = 1;
  std::size_t top = 0;
  Date date;
};
const RequestSpec& assignment_spec();
AssignmentRequest read_assignment(const SpecFields& f);

}  // namespace chizai::requests
