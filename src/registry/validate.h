// Record-level rules of the registry. Standard library and core only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/model.h"

namespace chizai {

// One thing wrong with one field of one record.
struct FieldError {
  std::string field;   // "owners[1].share", "filing_date", …
  std::string reason;  // a sentence naming what is wrong
  // The rule's code, for the consistency checks (README "Consistency
  // checks": "number_year_mismatch", …); empty for the other rules.
  std::string code = {};
  // A warning: the law allows exceptions (a restored right of priority), so
  // the record is written when its writer accepts the warnings
  // (--accept-warnings, ?accept_warnings=true) and refused otherwise.
  bool warning = false;
};

// The codes of the consistency checks (README "Consistency checks").
inline constexpr const char* kNumberYearMismatch = "number_year_mismatch";
inline constexpr const char* kPriorityRestoration = "priority_restoration";          // a warning
inline constexpr const char* kPriorityPeriodExceeded = "priority_period_exceeded";
inline constexpr const char* kGrantBeforeFiling = "grant_before_filing";
inline constexpr const char* kGrantDateMissing = "grant_date_missing";
inline constexpr const char* kFiledBeforeParent = "filed_before_parent";
inline constexpr const char* kJurisdictionMismatch = "jurisdiction_mismatch";

// A national-phase entry: the record claims an international application
// (a priority claim of kind pct, active or not) and is not itself one. Its
// number carries the year it entered the national phase; its filing date
// may be the international one.
bool is_national_phase(const Patent& p);
// A divisional or continuation: a priority claim of kind divisional or
// continuation (active or not). It keeps its parent's filing date.
bool is_divisional_or_continuation(const Patent& p);
// A first filing in the sense of the checks below: neither of those, so its
// filing date is the day it was filed at its office.
bool files_on_its_own_date(const Patent& p);

// A registered divisional or continuation of some application.
struct RegisteredChild {
  std::string number;  // canonical
  Date filing_date;
  PriorityKind kind = PriorityKind::kDivisional;  // kDivisional or kContinuation
};

// What the registry knows of other applications, for the checks comparing
// a record with its relatives. Either function may be empty (not known).
struct RelatedFilings {
  // The filing date of the registered application `number` (canonical);
  // nothing when it is not registered.
  std::function<std::optional<Date>(const std::string& number)> filing_date;
  // The registered divisionals and continuations claiming `number`.
  std::function<std::vector<RegisteredChild>(const std::string& number)> children;
};

// The end of the Paris priority period of an application filed on `priority`
// (12 months later, a Saturday or Sunday moving to the Monday after), and the
// end of the two months in which a right of priority may be restored.
Date priority_period_end(Date priority);
Date priority_restoration_end(Date priority);

// The problems of `problems` that refuse a record: every error, and the
// warnings unless `accept_warnings`. A warning kept says how to accept it.
std::vector<FieldError> refusing(std::vector<FieldError> problems, bool accept_warnings);

// Limits on text fields, in Unicode code points.
inline constexpr std::size_t kMaxTitleLength = 1000;
inline constexpr std::size_t kMaxNameLength = 300;
inline constexpr std::size_t kMaxCodeLength = 32;
inline constexpr std::size_t kMaxNumberLength = 64;
inline constexpr std::size_t kMaxClassLength = 32;
inline constexpr std::size_t kMaxListLength = 100;  // owners, inventors, claims, classes

// True when `code` is an acceptable institution code: 1..32 characters of
// A-Z, 0-9, '-', '_' or '.', starting with a letter or digit.
bool is_valid_institution_code(std::string_view code);

// Returns every problem with `inst`; empty when it is valid.
std::vector<FieldError> validate_institution(const Institution& inst);

// Returns every problem with `p`, errors and warnings (FieldError::warning);
// empty when it is valid. `institution_exists` answers whether an
// institution code is registered (or being registered); `related` what is
// registered of its parents and divisionals.
// Checks: required fields, text lengths, jurisdiction, owners (known, no
// duplicates, shares > 0 summing to exactly 1), inventors' institutions,
// claim count >= 0, date order (publication/grant not before filing,
// priority not after filing), status/grant consistency, no self-claim,
// no duplicate priority claims, and the consistency checks (each with its
// code): a first filing's number year against its filing date, the Paris
// priority period (a warning past 12 months, an error past 14), a
// divisional or continuation not filed before its parent.
std::vector<FieldError> validate_patent(
    const Patent& p, const std::function<bool(std::string_view)>& institution_exists,
    const RelatedFilings& related = {});

// Normalises an IPC/CPC symbol to "H01M 10/052" (subclass, space, group);
// accepts "H01M10/052", "H01M  10/052", "h01m 10/052", a bare subclass
// "H01M", a class "H01" or a section "H". Returns an empty string when the
// text is not a classification symbol.
std::string normalize_class_symbol(std::string_view text);

// The start of the stored symbols (normalize_class_symbol's form) that the
// classification prefix `text` names, for a search: a section "H", class
// "H01" or subclass "H01L" as it is; a main group "H01L31" or "H01L 31" is
// "H01L 31/" (its subgroups, not those of H01L 310); with a slash,
// "H01L31/02" is "H01L 31/02" (the subgroups starting 02). Case and spaces
// are ignored as by normalize_class_symbol. Empty when `text` is not such
// a prefix.
std::string class_symbol_prefix(std::string_view text);

}  // namespace chizai
