// Application numbers: one canonical form for the many spellings offices,
// databases and people use. Standard library only.
//
// The canonical form is the EPO DOCDB application number: country code,
// number, kind letter, with no spaces or punctuation. DOCDB numbers are
// accepted as they are. Examples (see README "Application numbers"):
//   "JP 2012-123456", "特願2012-123456", "JP2012123456A" -> JP2012123456A
//   "実願2012-012345"                                    -> JP2012012345U
//   "US 61/713,164" (filed 2012-10-12), "201261713164 P",
//   "US201261713164P"                                    -> US201261713164P
//   "US 13/844,704" (filed 2013), "US201313844704A"      -> US201313844704A
//   "US20685698A", "09/206,856" (filed 1998)             -> US20685698A
//     (DOCDB until 2001: serial + 2-digit year)
//   "9500698P" (hint US), "US 60/095,006" (filed 1998)   -> US09500698P
//   "B0077613" (hint DE), "DE1964B077613"                -> DEB0077613A
//   "PCT/US2013/064552", "US2013064552W"                 -> US2013064552W
//   "EP 13844704.5", "EP13844704", "EP13844704A"         -> EP13844704A
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace chizai {

struct ApplicationNumber {
  // The office whose application this is, as a registry jurisdiction:
  // "JP", "US", "EP", "CN", "KR", …; "WO" for PCT international applications
  // (whose DOCDB country is the receiving office, e.g. US2013064552W).
  std::string jurisdiction;
  // The canonical DOCDB form, e.g. "US201261713164P".
  std::string canonical;
};

// Returns the canonical application number for `raw`.
// `jurisdiction_hint` (may be empty) is used when `raw` carries no country
// ("2012-123456" with hint "JP"). `filing_year` (may be empty) supplies the
// year that DOCDB inserts into US numbers written in the USPTO series form
// ("61/713,164"); without it such a number is an error that says so.
// Errors name what is wrong: unknown country, wrong digit count, …
Result<ApplicationNumber> normalize_application_number(
    std::string_view raw, std::string_view jurisdiction_hint = {},
    std::optional<int> filing_year = std::nullopt);

// A US application written in the USPTO series form without its year:
// the 2-digit series code and the 6-digit serial. DOCDB puts the filing
// year in front of them (US 18/612,345 filed in 2024 is US202418612345A),
// so this names an application only together with the registry's records.
struct UsSeriesNumber {
  std::string series;  // "18"
  std::string serial;  // "612345"
};

// The series code and serial of `raw` when it is a US number in the series
// form without a year: "US 18/612,345", "US18/612345", "US 18612345" (a US
// prefix and 8 digits), or, without the prefix, exactly "18/612,345" or
// "18/612345". Nothing for any other text (a kind letter, a year, other
// digit counts), which normalize_application_number() then judges.
std::optional<UsSeriesNumber> us_series_form(std::string_view raw);

// True when `raw` is written like an application number, right or wrong:
// a Japanese application word (特願…), "PCT", or two letters followed,
// after spaces or punctuation, by a digit ("JP 2024-1234567", "XX 123").
// Codes of other records ("U-TOKYO", "PKG-BATT", "STAFF-1") are not.
bool looks_like_application_number(std::string_view raw);

// The year a canonical application number carries as the year it was filed
// in: JP numbers (JP2019100001A: 2019), PCT numbers (JP2020000123W: 2020)
// and US numbers (US201261713164P: 2012, DOCDB's filing year). Nothing for
// other offices (EP, CN, KR, … number by other rules), nor for text that is
// not such a canonical number.
std::optional<int> application_number_year(std::string_view canonical);

// A publication or grant number, kept apart from application numbers: WO
// numbers name publications (WO 2013/123456 A1), PCT/… names applications.
struct PublicationNumber {
  // Country and number without separators, WO years in 4 digits and
  // serials in 6: "WO 03/015838" -> WO2003015838, "WO9961002" ->
  // WO1999061002, "US 6,224,910 B1" -> US6224910, "JP 2002-516268" ->
  // JP2002516268.
  std::string key;
  std::string kind;  // "A1", "B2", "" when not written
};

// The publication number `raw`, or bad_number (field publication_number).
Result<PublicationNumber> normalize_publication_number(std::string_view raw);

// True for a jurisdiction code the registry accepts (ISO 3166 alpha-2 codes
// of patent offices plus "WO", "EP", "EA", "AP", "OA", "GC").
bool is_known_jurisdiction(std::string_view code);

}  // namespace chizai
