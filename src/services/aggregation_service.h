// Use cases: aggregation (集約), evaluations of candidates, co-owner consent
// (JP Patent Act art. 73). Each write runs in one transaction with its
// change-history record; a refused request changes nothing. Patents are
// named as the user typed them (any accepted spelling).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "core/result.h"
#include "io/json_writer.h"
#include "portfolio/aggregation.h"
#include "portfolio/settings.h"
#include "registry/model.h"
#include "store/aggregation_store.h"
#include "store/database.h"
#include "store/registry_store.h"

namespace chizai {

// Everything the scheme knows about one patent's aggregation.
struct AggregationView {
  std::string application;  // canonical number
  std::string title;
  Date filing_date;
  std::vector<Owner> owners;  // the registered owners (patent_owner), never changed here
  std::optional<Aggregation> aggregation;
  Date as_of;                           // the day owner_of_record is for
  std::vector<Owner> owner_of_record;   // on as_of
  std::vector<Owner> beneficiaries;     // who receives its licence income
  std::vector<Consent> consents;        // by institution code, then scope
  std::vector<Evaluation> evaluations;  // oldest first
  std::optional<Evaluation> latest_evaluation;
};

// One line of `aggregation list`.
struct AggregatedPatent {
  std::string application;
  std::string title;
  std::string title_ja;  // "" when the patent has none
  Aggregation aggregation;
  std::vector<Owner> originating;  // beneficiaries: the snapshot, or the owners for a mandate
  std::optional<Evaluation> latest_evaluation;
};

// Which aggregated patents `list` shows: the store's filter.
using AggregationFilter = AggregationListFilter;

// What `consent add` did: `recorded` is false when the same consent was on
// record already (then `consent` is the stored one, with its date).
struct ConsentOutcome {
  std::string application;  // canonical number
  Consent consent;
  bool recorded = false;
};

// One patent as `patent show` and GET /patents/{number} give it: the
// registered patent and, if it is aggregated, its aggregation.
struct PatentDetail {
  StoredPatent stored;
  std::optional<Aggregation> aggregation;
  // On as_of (today): who holds the title (the aggregator after an
  // assignment), and who receives the licence income (the originating
  // owners after an assignment, else the owners of record).
  std::vector<Owner> owners_of_record;
  std::vector<Owner> beneficiaries;
  Date as_of;
};

class AggregationService {
 public:
  AggregationService(Database& db, SchemeSettings settings, std::string actor)
      : db_(db), settings_(std::move(settings)), actor_(std::move(actor)) {}

  // Brings a registered patent under the aggregator (settings.aggregator_code).
  // Returns the patent's view as of the aggregation date.
  Result<AggregationView> aggregate(const std::string& number, const AggregationRequest& request);

  // Records an evaluation (approved or declined); returns it with its id.
  Result<Evaluation> evaluate(const std::string& number, Evaluation evaluation);
  Result<std::vector<Evaluation>> evaluations(const std::string& number);

  // Records a current owner's consent.
  Result<ConsentOutcome> add_consent(const std::string& number, const Consent& consent);
  Result<std::vector<Consent>> consents(const std::string& number);

  // The co-owners of record on `on` who have not consented to `scope` on or
  // before `on` (empty for a sole owner, and after an assignment, when the
  // aggregator alone is the owner of record). For the licensing work.
  Result<std::vector<std::string>> missing_consents(const std::string& number, ConsentScope scope,
                                                    Date on);
  // The aggregator 1/1 on and after an assignment's day, else the owners.
  Result<std::vector<Owner>> owner_of_record(const std::string& number, Date on);
  // Who receives the patent's income on `on`: the assignment's snapshot of
  // the owners' shares from the assignment's day, else the owners of record
  // in force on `on` (the owner history, services/ownership_service.h).
  Result<std::vector<Owner>> beneficiaries(const std::string& number, Date on);
  // The same today.
  Result<std::vector<Owner>> beneficiaries(const std::string& number) { return beneficiaries(number, today_local()); }

  // Any registered patent, aggregated or not (then aggregation is empty).
  Result<AggregationView> show(const std::string& number, Date as_of);
  // Only the aggregation of the patent registered as `application_number`
  // (canonical form), if it is aggregated: for showing a patent, without the
  // owners, consents and evaluations show() loads.
  std::optional<Aggregation> aggregation_of(const std::string& application_number);
  // The patent registered under any accepted spelling of `number` with its
  // aggregation, read in one snapshot; errors as
  // RegistryService::lookup_patent's (a malformed number, unknown_patent,
  // ambiguous_number).
  Result<PatentDetail> patent_detail(const std::string& number);
  // A page of aggregated patents in application-number order
  // (AggregationStore::list_aggregations); an unknown institution is
  // not_found.
  Result<Page<AggregatedPatent>> list(const AggregationFilter& filter, const PageRequest& page);

 private:
  Database& db_;
  SchemeSettings settings_;
  std::string actor_;
};

// An evaluation as JSON (the CLI's output and the change history's detail).
void write_evaluation_json(JsonWriter& w, const Evaluation& e);

}  // namespace chizai
