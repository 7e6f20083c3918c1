// Aggregation candidates: registered patents that have been evaluated (one
// evaluation or more, approved or declined) and are not under the
// aggregator. The owners, evaluations and consents of a page are read with
// AggregationStore's batch reads.
#pragma once

#include <string>

#include "core/page.h"
#include "store/database.h"

namespace chizai {

struct CandidateRow {
  long long patent_id = 0;
  std::string application, title, title_ja;
};

// A page of candidates in application-number order after `page.after`
// (keyset on the number's unique index); with `institution` non-empty,
// those it owns (a registered owner).
Page<CandidateRow> list_candidates(Database& db, const std::string& institution, const PageRequest& page);

}  // namespace chizai
