// A patent's part in the scheme for its page (GET /api/v1/patents/{number}/
// activity): its packages (dated membership), the licence agreements that
// name it, and the income distributed for it. Reads only.
#pragma once

#include <string>

#include <vector>

#include "core/page.h"
#include "core/result.h"
#include "portfolio/aggregation.h"
#include "registry/model.h"
#include "store/database.h"
#include "store/patent_activity_store.h"

namespace chizai {

struct PatentActivity {
  std::string application;  // canonical number
  PatentActivityRows rows;
};

// An aggregation candidate: evaluated, not (yet) under the aggregator, with
// each co-owner's consents recorded so far.
struct AggregationCandidate {
  std::string application, title, title_ja;
  std::vector<Owner> owners;             // registered order
  std::vector<Consent> consents;         // by institution, then scope
  std::vector<Evaluation> evaluations;   // oldest first
};

class PatentActivityService {
 public:
  explicit PatentActivityService(Database& db) : db_(db) {}
  // The activity of the patent a user names by `raw` (any accepted
  // spelling, RegistryService::lookup_patent's errors). With
  // `only_institution` (a scoped caller) a patent that institution does not
  // own is unknown_patent, and the income is that institution's alone.
  Result<PatentActivity> activity(const std::string& raw, const std::string& only_institution);
  // A page of aggregation candidates in number order (those `institution`
  // owns, when given; an unknown institution is not_found,
  // unknown_institution, field "institution").
  Result<Page<AggregationCandidate>> candidates(const std::string& institution, const PageRequest& page);

 private:
  Database& db_;
};

}  // namespace chizai
