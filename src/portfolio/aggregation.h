// Rules of the scheme: aggregation (集約), evaluations of candidates, and
// co-owner consent (JP Patent Act art. 73). Plain functions over plain
// structs: standard library, core and registry only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/fraction.h"
#include "core/result.h"
#include "registry/model.h"

namespace chizai {

// How a patent comes under the aggregator: by assignment (the aggregator
// becomes the owner of record) or by a management mandate (ownership is
// unchanged; the aggregator manages and licenses it).
enum class AggregationMode { kAssignment, kMandate };
// What a co-owner consents to.
enum class ConsentScope { kAssignment, kLicensing };
enum class EvaluationDecision { kApprove, kDecline };

const char* to_string(AggregationMode m);
const char* to_string(ConsentScope s);
const char* to_string(EvaluationDecision d);
std::optional<AggregationMode> parse_aggregation_mode(std::string_view s);
std::optional<ConsentScope> parse_consent_scope(std::string_view s);
std::optional<EvaluationDecision> parse_evaluation_decision(std::string_view s);

// One co-owner's recorded consent.
struct Consent {
  std::string institution;  // institution code
  ConsentScope scope = ConsentScope::kLicensing;
  Date date;
};

// An evaluation of a candidate patent; all are kept, declined ones too.
struct Evaluation {
  long long id = 0;
  Date date;
  int technology = 0, market = 0, rights = 0;  // 1..5 each
  std::string evaluator;
  EvaluationDecision decision = EvaluationDecision::kApprove;
  std::string reason;
};

// A patent under the aggregator.
struct Aggregation {
  std::string aggregator;  // institution code
  AggregationMode mode = AggregationMode::kMandate;
  Date date;  // from this day
  std::string reason;
  // Assignment only: the owners' shares just before it, who keep receiving
  // the licence income. Empty for a mandate.
  std::vector<Owner> beneficiaries;
};

// Refuses scores outside 1..5, an empty evaluator, and an empty reason.
Status check_evaluation(const Evaluation& e);

// The owners of `owners` who have not recorded consent of `scope` on or
// before `on`, as institution codes in the owners' order. Empty for a
// sole owner: art. 73 concerns co-owners only.
std::vector<std::string> missing_consents(const std::vector<Owner>& owners,
                                          const std::vector<Consent>& consents, ConsentScope scope,
                                          Date on);

// Refuses a consent from an institution that is not a registered owner of
// `patent`; the error names the owners.
Status check_consenting_owner(const Patent& patent, const std::string& institution);

// What `aggregate` asks for.
struct AggregationRequest {
  AggregationMode mode = AggregationMode::kMandate;
  Date date;
  std::string reason;
};

// Checks an aggregation of `patent` by `aggregator` against every rule:
// the aggregator institution is of kind aggregator, the patent is not
// aggregated yet (`existing`), the aggregator does not own it already, the
// date is not before the filing date, a reason is given, and an assignment
// of a co-owned patent has every owner's `assignment` consent on or before
// the date. The error names what is wrong (the missing co-owners' codes).
Status check_aggregation(const Patent& patent, const Institution& aggregator,
                         const std::optional<Aggregation>& existing,
                         const std::vector<Consent>& consents, const AggregationRequest& request);

// The beneficiaries an aggregation of `patent` records: the owners' shares
// for an assignment, none for a mandate.
std::vector<Owner> beneficiaries_for(const std::vector<Owner>& owners, AggregationMode mode);

// Who owns the patent of record on `on`: the aggregator alone (1/1) from
// the day of an assignment, else the registered owners.
std::vector<Owner> owner_of_record(const std::vector<Owner>& owners,
                                   const std::optional<Aggregation>& aggregation, Date on);

// Who receives the patent's licence income: the snapshot taken at an
// assignment, else the registered owners.
std::vector<Owner> beneficiaries(const std::vector<Owner>& owners,
                                 const std::optional<Aggregation>& aggregation);

// The most recent evaluation (latest date, then the latest recorded), if any.
std::optional<Evaluation> latest_evaluation(const std::vector<Evaluation>& evaluations);

// "U-TOKYO 1/2, C-0001 1/2".
std::string describe_owners(const std::vector<Owner>& owners);

}  // namespace chizai
