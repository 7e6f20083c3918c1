// Reading company profiles (institutions of kind `company` with their
// matching profile) from CSV (UTF-8, header row) or JSONL (one JSON object
// per line). Same bad-input rules as the registry import: every record is
// checked and every problem is reported with its line and field.
//
// Columns / keys: those of company_spec() — code, name_en, name_ja, country,
// region, size, industry, interests, keywords. Required: code, name_en,
// country, region, size.
//
// CSV interests cell ("; " separates items, weight optional, default 1):
//   interests   H01M:1; H01M 10/052:0.5; G06N 3/08
// JSONL interests: an array of {"code": "H01M", "weight": "0.5"} (weight a
// decimal string or a number, optional) or plain strings "H01M".
// Weights are decimals with at most three decimals, > 0 and <= 1000.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "io/registry_formats.h"
#include "io/request_spec.h"
#include "registry/model.h"

namespace chizai {

inline constexpr std::size_t kMaxKeywordsLength = 2000;  // code points
inline constexpr std::size_t kMaxInterests = 100;

struct CompanyInterest {
  std::string code;              // canonical IPC/CPC symbol ("H01M 10/052")
  std::int64_t weight_milli = 1000;  // thousandths: 1000 = 1.0
};

struct CompanyProfile {
  std::string code, name_en, name_ja, country;
  std::string region;    // a StaffRegion word: japan, north_america, …
  std::string size;      // startup, sme, large
  std::string industry;  // free text
  std::vector<CompanyInterest> interests;  // distinct codes, in file order
  std::string keywords;  // free text, Japanese and/or English

  Institution institution() const;  // kind company
};

// "startup, sme, large".
std::string allowed_words_company_size();
bool is_company_size(std::string_view s);

// A weight "1", "0.5", "0.125" in thousandths; error for anything else.
Result<std::int64_t> parse_interest_weight(std::string_view text);
// "CODE[:WEIGHT]" → canonical code and weight.
Result<CompanyInterest> parse_interest_item(std::string_view item);
// The weight as text: 1000 → "1", 500 → "0.5", 125 → "0.125".
std::string weight_text(std::int64_t milli);

// Checks a profile built elsewhere (API body, tests): the institution rules
// plus region, size, interests (valid, distinct) and text lengths.
std::vector<FieldError> validate_company(const CompanyProfile& c);

// The company request: its fields are the keys a company object may have
// and the columns a companies CSV may have (the one list of names the API,
// the CLI and the import read by; the OpenAPI CompanyRequest schema).
const RequestSpec& company_spec();

// One company object (POST /api/v1/companies, `chizai company add FILE`, a
// JSONL line): the record, or every problem found, as line 1.
ParsedRecord<CompanyProfile> read_company_json(const std::string& text);

void read_companies(std::istream& in, FileFormat format,
                    const std::function<void(ParsedRecord<CompanyProfile>&&)>& on_record);

}  // namespace chizai
