// The registry's records as plain structs. Standard library and core only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/fraction.h"

namespace chizai {

enum class InstitutionKind { kUniversity, kTlo, kCompany, kAggregator, kPublicLab, kOther };

struct Institution {
  std::string code;     // unique ASCII code, e.g. "U-HOKKAIDO"
  InstitutionKind kind = InstitutionKind::kOther;
  std::string name_en;
  std::string name_ja;
  std::string country;  // ISO 3166 alpha-2
  // The aliases an import record gives (its "aliases"): the institution's
  // aliases become exactly these. Nothing when the record does not say
  // (they are left as they are). Not part of the record's content hash.
  std::optional<std::vector<std::string>> aliases{};
};

enum class PatentKind { kPatent, kUtilityModel, kPct, kProvisional, kDesign };
enum class PatentStatus { kPending, kGranted, kLapsed, kAbandoned, kExpired };
enum class LifecycleStage {
  kResearch, kInvention, kDisclosure, kEvaluation, kDomesticFiling, kForeignFiling, kUtilization
};
enum class PriorityKind { kParis, kPct, kProvisional, kContinuation, kDivisional, kDomestic };

struct Owner {
  std::string institution;  // institution code
  Fraction share;
};

struct Inventor {
  std::string name;
  std::string institution;  // institution at the time of invention; may be empty
};

struct PriorityClaim {
  std::string number;  // canonical application number (may be unregistered)
  std::optional<Date> date;
  PriorityKind kind = PriorityKind::kParis;
  bool active = true;
};

struct Patent {
  std::string application_number;  // canonical
  std::string jurisdiction;
  Date filing_date;
  PatentKind kind = PatentKind::kPatent;
  std::string title;
  std::string title_ja;
  PatentStatus status = PatentStatus::kPending;
  std::string publication_number;
  std::optional<Date> publication_date;
  std::string grant_number;
  std::optional<Date> grant_date;
  std::vector<std::string> ipc;  // IPC/CPC symbols, normalised "H01M 10/052"
  std::optional<std::int64_t> claims;
  LifecycleStage stage = LifecycleStage::kDomesticFiling;
  std::vector<Owner> owners;
  std::vector<Inventor> inventors;
  std::vector<PriorityClaim> priority_claims;
};

// Enum <-> the words used in files, the CLI and the database.
const char* to_string(InstitutionKind k);
const char* to_string(PatentKind k);
const char* to_string(PatentStatus s);
const char* to_string(LifecycleStage s);
const char* to_string(PriorityKind k);
std::optional<InstitutionKind> parse_institution_kind(std::string_view s);
std::optional<PatentKind> parse_patent_kind(std::string_view s);
std::optional<PatentStatus> parse_patent_status(std::string_view s);
std::optional<LifecycleStage> parse_lifecycle_stage(std::string_view s);
std::optional<PriorityKind> parse_priority_kind(std::string_view s);

}  // namespace chizai

namespace chizai {
// "university, tlo, …": the accepted words, for error messages and help.
std::string allowed_words_institution_kind();
std::string allowed_words_patent_kind();
std::string allowed_words_patent_status();
std::string allowed_words_lifecycle_stage();
std::string allowed_words_priority_kind();
}  // namespace chizai
