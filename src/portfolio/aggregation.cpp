#include "portfolio/aggregation.h"

#include <algorithm>

#include "core/text.h"

namespace chizai {
namespace {

template <class E, std::size_t N>
std::optional<E> parse_word(std::string_view s, const std::pair<E, const char*> (&words)[N]) {
  for (const auto& [value, word] : words) {
    if (s == word) return value;
  }
  return std::nullopt;
}

constexpr std::pair<AggregationMode, const char*> kModes[] = {
    {AggregationMode::kAssignment, "assignment"}, {AggregationMode::kMandate, "mandate"}};
constexpr std::pair<ConsentScope, const char*> kScopes[] = {
    {ConsentScope::kAssignment, "assignment"}, {ConsentScope::kLicensing, "licensing"}};
constexpr std::pair<EvaluationDecision, const char*> kDecisions[] = {
    {EvaluationDecision::kApprove, "approve"}, {EvaluationDecision::kDecline, "decline"}};

bool blank(std::string_view s) { return trim(s).empty(); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

const Owner* find_owner(const std::vector<Owner>& owners, const std::string& code) {
  for (const auto& o : owners) {
    if (o.institution == code) return &o;
  }
  return nullptr;
}

}  // namespace

const char* to_string(AggregationMode m) {
  return m == AggregationMode::kAssignment ? "assignment" : "mandate";
}
const char* to_string(ConsentScope s) {
  return s == ConsentScope::kAssignment ? "assignment" : "licensing";
}
const char* to_string(EvaluationDecision d) {
  return d == EvaluationDecision::kApprove ? "approve" : "decline";
}
std::optional<AggregationMode> parse_aggregation_mode(std::string_view s) {
  return parse_word(s, kModes);
}
std::optional<ConsentScope> parse_consent_scope(std::string_view s) {
  return parse_word(s, kScopes);
}
std::optional<EvaluationDecision> parse_evaluation_decision(std::string_view s) {
  return parse_word(s, kDecisions);
}

Status check_evaluation(const Evaluation& e) {
  for (const auto& [name, score] : {std::pair{"technology", e.technology},
                                    std::pair{"market", e.market}, std::pair{"rights", e.rights}}) {
    if (score < 1 || score > 5) {
      return make_error(ErrorKind::kInvalid, "bad_score",
                        std::string(name) + " score " + std::to_string(score) + " is outside 1-5",
                        name);
    }
  }
  if (blank(e.evaluator))
    return make_error(ErrorKind::kInvalid, "missing_evaluator", "an evaluation needs the evaluator's name", "evaluator");
  if (blank(e.reason)) {
    return make_error(ErrorKind::kInvalid, "missing_reason",
                      std::string("an evaluation (") + to_string(e.decision) + ") needs a reason",
                      "reason");
  }
  return {};
}

std::vector<std::string> missing_consents(const std::vector<Owner>& owners,
                                          const std::vector<Consent>& consents, ConsentScope scope,
                                          Date on) {
  std::vector<std::string> out;
  if (owners.size() < 2) return out;
  for (const auto& o : owners) {
    const bool given = std::any_of(consents.begin(), consents.end(), [&](const Consent& c) {
      return c.institution == o.institution && c.scope == scope && c.date <= on;
    });
    if (!given) out.push_back(o.institution);
  }
  return out;
}

Status check_consenting_owner(const Patent& patent, const std::string& institution) {
  if (find_owner(patent.owners, institution)) return {};
  return make_error(ErrorKind::kRefused, "not_an_owner",
                    institution + " is not an owner of " + patent.application_number +
                        "; its owners are " + describe_owners(patent.owners),
                    "institution");
}

Status check_aggregation(const Patent& patent, const Institution& aggregator,
                         const std::optional<Aggregation>& existing,
                         const std::vector<Consent>& consents, const AggregationRequest& request) {
  const std::string& number = patent.application_number;
  if (aggregator.kind != InstitutionKind::kAggregator) {
    return make_error(ErrorKind::kRefused, "not_an_aggregator", "institution " + aggregator.code + " is of kind " +
                                               to_string(aggregator.kind) + ", not aggregator");
  }
  if (existing) {
    return make_error(ErrorKind::kConflict, "already_aggregated",
                      number + " is already aggregated: " + to_string(existing->mode) + " to " +
                          existing->aggregator + " on " + existing->date.to_string());
  }
  if (const Owner* o = find_owner(patent.owners, aggregator.code)) {
    return make_error(ErrorKind::kRefused, "aggregator_owns",
                      aggregator.code + " already owns " + o->share.to_string() + " of " + number);
  }
  if (request.date < patent.filing_date) {
    return make_error(ErrorKind::kRefused, "before_filing",
                      "aggregation date " + request.date.to_string() + " is before " + number +
                          "'s filing date " + patent.filing_date.to_string(),
                      "date");
  }
  if (blank(request.reason))
    return make_error(ErrorKind::kInvalid, "missing_reason", "an aggregation needs a reason", "reason");
  if (request.mode != AggregationMode::kAssignment) return {};
  const auto missing =
      missing_consents(patent.owners, consents, ConsentScope::kAssignment, request.date);
  if (missing.empty()) return {};
  return make_error(ErrorKind::kInvalid, "missing_consent",
                    "assignment of co-owned " + number +
                        " needs every co-owner's consent "
                        "(JP Patent Act art. 73); no assignment consent on or before " +
                        request.date.to_string() + " from: " + join(missing));
}

std::vector<Owner> beneficiaries_for(const std::vector<Owner>& owners, AggregationMode mode) {
  return mode == AggregationMode::kAssignment ? owners : std::vector<Owner>{};
}

std::vector<Owner> owner_of_record(const std::vector<Owner>& owners,
                                   const std::optional<Aggregation>& aggregation, Date on) {
  if (aggregation && aggregation->mode == AggregationMode::kAssignment && aggregation->date <= on) {
    return {Owner{aggregation->aggregator, Fraction::one()}};
  }
  return owners;
}

std::vector<Owner> beneficiaries(const std::vector<Owner>& owners,
                                 const std::optional<Aggregation>& aggregation) {
  if (aggregation && aggregation->mode == AggregationMode::kAssignment) {
    return aggregation->beneficiaries;
  }
  return owners;
}

std::optional<Evaluation> latest_evaluation(const std::vector<Evaluation>& evaluations) {
  if (evaluations.empty()) return std::nullopt;
  return *std::max_element(evaluations.begin(), evaluations.end(),
                           [](const Evaluation& a, const Evaluation& b) {
                             return a.date != b.date ? a.date < b.date : a.id < b.id;
                           });
}

std::string describe_owners(const std::vector<Owner>& owners) {
  std::string out;
  for (const auto& o : owners)
    out += (out.empty() ? "" : ", ") + o.institution + " " + o.share.to_string();
  return out;
}

}  // namespace chizai
