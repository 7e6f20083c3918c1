// The aggregation tables: aggregation, beneficiary, evaluation, consent.
// Reads also join the registry's patent, patent_owner and institution (and,
// for the programme report, the licensing tables agreement and
// agreement_patent). Writes expect the caller to hold a write transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "portfolio/aggregation.h"
#include "registry/model.h"
#include "store/database.h"

namespace chizai {

// A registered patent as the aggregation rules see it: its row id, and a
// Patent with only number, jurisdiction, filing date, title and owners set.
struct AggregationPatent {
  long long id = 0;
  Patent patent;
};

// One aggregated patent, with the aggregation's beneficiaries.
struct AggregationRecord {
  long long patent_id = 0;
  std::string application, title, title_ja;
  Aggregation aggregation;
};

// One aggregation as the programme report counts it.
struct AggregationDay {
  long long patent_id = 0;
  AggregationMode mode = AggregationMode::kMandate;
  Date on;
};

// An originating institution of an aggregated patent.
struct OriginatingInstitution {
  long long patent_id = 0;
  std::string code, name_en;
};

// Which aggregations a list shows.
struct AggregationListFilter {
  std::string institution;  // an originating institution's code; empty = any
  std::optional<AggregationMode> mode;  // empty = both modes
};

using OwnersByPatent = std::map<long long, std::vector<Owner>>;
using EvaluationsByPatent = std::map<long long, std::vector<Evaluation>>;

class AggregationStore {
 public:
  explicit AggregationStore(Database& db) : db_(db) {}

  // Returns the patent registered under exactly `number` with its owners in
  // registered order, or nothing.
  std::optional<AggregationPatent> find_patent(const std::string& number);

  // Returns the patent's aggregation with its beneficiaries, or nothing.
  std::optional<Aggregation> aggregation(long long patent_id);
  // The same, by the patent's canonical application number; its statements
  // are prepared once per connection (GET /patents/{number} runs it).
  std::optional<Aggregation> aggregation_by_number(const std::string& application_number);
  // A page of the aggregations `filter` selects, in application-number
  // order: numbers after `page.after` (keyset over the number's unique
  // index). Its `next` is the last number on the page.
  Page<AggregationRecord> list_aggregations(const AggregationListFilter& filter, const PageRequest& page);
  // The registered owners of the patents `patent_ids`, in registered order.
  OwnersByPatent owners_of(const std::vector<long long>& patent_ids);

  // The patent's evaluations, oldest first (date, then id).
  std::vector<Evaluation> evaluations(long long patent_id);
  // The evaluations of the patents `patent_ids`, oldest first.
  EvaluationsByPatent evaluations_of(const std::vector<long long>& patent_ids);
  // The patent's consents by institution code, then scope.
  std::vector<Consent> consents(long long patent_id);

  // Records the aggregation and its beneficiaries (institutions by code).
  void insert_aggregation(long long patent_id, long long aggregator_id, const AggregationRequest& r,
                          const std::vector<Owner>& beneficiaries);
  // Records the evaluation (its id is ignored); returns the new id.
  long long insert_evaluation(long long patent_id, const Evaluation& e);
  void insert_consent(long long patent_id, long long institution_id, const Consent& c);

  // For the programme report, everything on or before `last`:
  // the aggregations;
  std::vector<AggregationDay> aggregations_until(const std::string& last);
  // the originating institutions: the beneficiaries where recorded, else the
  // registered owners other than `aggregator_code` (each pair once);
  std::vector<OriginatingInstitution> originating_institutions(const std::string& last,
                                                               const std::string& aggregator_code);
  // the number of aggregated patents a licence in force on `last` covers.
  long long count_licensed(const std::string& last);

 private:
  Database& db_;
};

}  // namespace chizai
