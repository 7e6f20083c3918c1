// Record-level rules of the registry. Standard library and core only.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/model.h"

namespace chizai {

// One thing wrong with one field of one record.
struct FieldError {
  std::string field;   // "owners[1].share", "filing_date", …
  std::string reason;  // a sentence naming what is wrong
};

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

// Returns every problem with `p`; empty when it is valid. `institution_exists`
// answers whether an institution code is registered (or being registered).
// Checks: required fields, text lengths, jurisdiction, owners (known, no
// duplicates, shares > 0 summing to exactly 1), inventors' institutions,
// claim count >= 0, date order (publication/grant not before filing,
// priority not after filing), status/grant consistency, no self-claim,
// no duplicate priority claims.
std::vector<FieldError> validate_patent(
    const Patent& p, const std::function<bool(std::string_view)>& institution_exists);

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
