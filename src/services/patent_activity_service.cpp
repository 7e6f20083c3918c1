#include "services/patent_activity_service.h"

#include "services/registry_service.h"
#include "store/aggregation_store.h"
#include "store/candidate_store.h"
#include "store/lookup.h"

namespace chizai {

Result<PatentActivity> PatentActivityService::activity(const std::string& raw, const std::string& only_institution) {
  auto stored = RegistryService(db_).lookup_patent(raw, "number", only_institution);
  if (!stored) return stored.error();
  ReadSnapshot snapshot(db_);
  PatentActivity out;
  out.application = stored->patent.application_number;
  const std::optional<long long> id = find_patent_id(db_, out.application);
  if (!id) {
    return make_error(ErrorKind::kNotFound, "unknown_patent", "patent " + out.application + " is not registered",
                      "number");
  }
  out.rows = load_patent_activity(db_, *id, only_institution);
  return out;
}

Result<Page<AggregationCandidate>> PatentActivityService::candidates(const std::string& institution,
                                                                     const PageRequest& page) {
  if (!institution.empty() && !find_institution_id(db_, institution)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + institution + "'",
                      "institution");
  }
  ReadSnapshot snapshot(db_);
  Page<CandidateRow> rows = list_candidates(db_, institution, page);
  std::vector<long long> ids;
  for (const CandidateRow& r : rows.items) ids.push_back(r.patent_id);
  AggregationStore store(db_);
  OwnersByPatent owners = store.owners_of(ids);
  EvaluationsByPatent evaluations = store.evaluations_of(ids);
  Page<AggregationCandidate> out;
  out.next = rows.next;
  for (const CandidateRow& r : rows.items) {
    out.items.push_back(AggregationCandidate{r.application, r.title, r.title_ja, std::move(owners[r.patent_id]),
                                             store.consents(r.patent_id), std::move(evaluations[r.patent_id])});
  }
  return out;
}

}  // namespace chizai
