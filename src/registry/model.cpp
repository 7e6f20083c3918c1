#include "registry/model.h"

#include <array>
#include <string_view>
#include <utility>

namespace chizai {
namespace {

// One table per enum: the words are the file/CLI/database vocabulary.
template <class E, std::size_t N>
using Words = std::array<std::pair<E, const char*>, N>;

constexpr Words<InstitutionKind, 6> kInstitutionKinds{{
    {InstitutionKind::kUniversity, "university"}, {InstitutionKind::kTlo, "tlo"},
    {InstitutionKind::kCompany, "company"},       {InstitutionKind::kAggregator, "aggregator"},
    {InstitutionKind::kPublicLab, "public_lab"},  {InstitutionKind::kOther, "other"}}};
constexpr Words<PatentKind, 5> kPatentKinds{{{PatentKind::kPatent, "patent"},
                                             {PatentKind::kUtilityModel, "utility_model"},
                                             {PatentKind::kPct, "pct"},
                                             {PatentKind::kProvisional, "provisional"},
                                             {PatentKind::kDesign, "design"}}};
constexpr Words<PatentStatus, 5> kStatuses{{{PatentStatus::kPending, "pending"},
                                            {PatentStatus::kGranted, "granted"},
                                            {PatentStatus::kLapsed, "lapsed"},
                                            {PatentStatus::kAbandoned, "abandoned"},
                                            {PatentStatus::kExpired, "expired"}}};
constexpr Words<LifecycleStage, 7> kStages{{{LifecycleStage::kResearch, "research"},
                                            {LifecycleStage::kInvention, "invention"},
                                            {LifecycleStage::kDisclosure, "disclosure"},
                                            {LifecycleStage::kEvaluation, "evaluation"},
                                            {LifecycleStage::kDomesticFiling, "domestic_filing"},
                                            {LifecycleStage::kForeignFiling, "foreign_filing"},
                                            {LifecycleStage::kUtilization, "utilization"}}};
constexpr Words<PriorityKind, 6> kPriorityKinds{{{PriorityKind::kParis, "paris"},
                                                 {PriorityKind::kPct, "pct"},
                                                 {PriorityKind::kProvisional, "provisional"},
                                                 {PriorityKind::kContinuation, "continuation"},
                                                 {PriorityKind::kDivisional, "divisional"},
                                                 {PriorityKind::kDomestic, "domestic"}}};

template <class E, std::size_t N>
const char* word_of(const Words<E, N>& words, E value) {
  for (const auto& [e, w] : words) {
    if (e == value) return w;
  }
  return "?";
}

template <class E, std::size_t N>
std::optional<E> value_of(const Words<E, N>& words, std::string_view word) {
  for (const auto& [e, w] : words) {
    if (word == w) return e;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::string join_words(const Words<E, N>& words) {
  std::string out;
  for (const auto& [e, w] : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

}  // namespace

const char* to_string(InstitutionKind k) { return word_of(kInstitutionKinds, k); }
const char* to_string(PatentKind k) { return word_of(kPatentKinds, k); }
const char* to_string(PatentStatus s) { return word_of(kStatuses, s); }
const char* to_string(LifecycleStage s) { return word_of(kStages, s); }
const char* to_string(PriorityKind k) { return word_of(kPriorityKinds, k); }

std::optional<InstitutionKind> parse_institution_kind(std::string_view s) {
  return value_of(kInstitutionKinds, s);
}
std::optional<PatentKind> parse_patent_kind(std::string_view s) { return value_of(kPatentKinds, s); }
std::optional<PatentStatus> parse_patent_status(std::string_view s) { return value_of(kStatuses, s); }
std::optional<LifecycleStage> parse_lifecycle_stage(std::string_view s) {
  return value_of(kStages, s);
}
std::optional<PriorityKind> parse_priority_kind(std::string_view s) {
  return value_of(kPriorityKinds, s);
}

std::string allowed_words_institution_kind() { return join_words(kInstitutionKinds); }
std::string allowed_words_patent_kind() { return join_words(kPatentKinds); }
std::string allowed_words_patent_status() { return join_words(kStatuses); }
std::string allowed_words_lifecycle_stage() { return join_words(kStages); }
std::string allowed_words_priority_kind() { return join_words(kPriorityKinds); }

}  // namespace chizai
