// Evaluations, co-owner consents and aggregations of one patent: the
// requests, read the same way by `chizai evaluate | consent add | aggregate`,
// POST /api/v1/patents/{number}/evaluations|consents|aggregation and the
// scheme loader's "evaluate", "consent" and "aggregate" operations. The
// patent is named apart (the path, the command's NUMBER, the loader's
// "patent" key), so it is in none of these specs.
#pragma once

#include "io/request_spec.h"
#include "portfolio/aggregation.h"

namespace chizai::requests {

// {"date", "technology", "market", "rights", "evaluator", "decision",
// "reason"}: the scores whole numbers (the service checks 1 to 5); the
// date defaults to today. The returned evaluation's id is 0.
const RequestSpec& evaluation_spec();
Evaluation read_evaluation(const SpecFields& f);

// {"institution", "scope", "date"}.
const RequestSpec& consent_spec();
Consent read_consent(const SpecFields& f);

// {"mode", "date", "reason"}.
const RequestSpec& aggregation_spec();
AggregationRequest read_aggregation(const SpecFields& f);

}  // namespace chizai::requests
