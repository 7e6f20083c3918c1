// Application numbers -> EPO DOCDB application numbers. See numbers.h and the
// README section "Application numbers" for the rules and examples.
//
// The parse runs in three steps: clean the text (fold full-width forms,
// trim, upper-case), find the office (Japanese prefix, "PCT/", a country
// prefix or the hint), then hand the rest to that office's function.
#include "registry/numbers.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"

namespace chizai {
namespace {

// ------------------------------------------------------------------ tables

// ISO 3166-1 alpha-2 codes of countries with a patent office, the regional
// offices (EP, EA, AP, OA, GC) and WO. Sorted, for binary search.
constexpr auto kJurisdictions = std::to_array<std::string_view>({
    "AE", "AL", "AM", "AP", "AR", "AT", "AU", "AZ", "BA", "BE", "BG", "BH", "BN",
    "BO", "BR", "BY", "CA", "CH", "CL", "CN", "CO", "CR", "CU", "CY", "CZ", "DE",
    "DK", "DO", "DZ", "EA", "EC", "EE", "EG", "EP", "ES", "FI", "FR", "GB", "GC",
    "GE", "GH", "GR", "GT", "HK", "HN", "HR", "HU", "ID", "IE", "IL", "IN", "IR",
    "IS", "IT", "JO", "JP", "KE", "KG", "KR", "KZ", "LT", "LU", "LV", "MA", "MC",
    "MD", "ME", "MK", "MN", "MO", "MT", "MX", "MY", "NG", "NI", "NL", "NO", "NZ",
    "OA", "OM", "PA", "PE", "PH", "PK", "PL", "PT", "QA", "RO", "RS", "RU", "SA",
    "SE", "SG", "SI", "SK", "SM", "SV", "TH", "TJ", "TM", "TN", "TR", "TT", "TW",
    "UA", "US", "UY", "UZ", "VN", "WO", "ZA", "ZW"});
static_assert(std::is_sorted(kJurisdictions.begin(), kJurisdictions.end()));

// Japanese application-type words and the DOCDB kind they stand for.
struct JapanesePrefix {
  std::string_view word;
  char kind;
};
constexpr std::array<JapanesePrefix, 6> kJapanesePrefixes = {{
    {"特願", 'A'}, {"特許出願", 'A'},
    {"実願", 'U'}, {"実用新案登録出願", 'U'},
    {"意願", 'S'}, {"意匠登録出願", 'S'},
}};

// Japanese eras: year n of the era is Gregorian year base + n.
struct Era {
  std::string_view name;
  int base;
  int last_year;  // the era's last year number
};
constexpr std::array<Era, 9> kEras = {{
    {"昭和", 1925, 64}, {"平成", 1988, 31}, {"令和", 2018, 99},
    {"昭", 1925, 64},   {"平", 1988, 31},   {"令", 2018, 99},
    {"S", 1925, 64},    {"H", 1988, 31},    {"R", 2018, 99},
}};

// Dash look-alikes that Japanese input methods produce, folded to '-'.
constexpr std::array<std::string_view, 8> kDashes = {
    "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\u30FC"};

// Kind letters a number may carry, per office; "" = any of kOtherKinds.
struct OfficeKinds {
  std::string_view country;
  std::string_view kinds;
};
constexpr std::string_view kOtherKinds = "AUPTFS";  // W always means PCT
constexpr std::array<OfficeKinds, 3> kOfficeKinds = {{
    {"JP", "AUS"}, {"US", "AP"}, {"EP", "A"},
}};

// USPTO series codes of provisional applications (DOCDB kind P).
constexpr std::array<std::string_view, 4> kProvisionalSeries = {"60", "61", "62", "63"};

// Offices whose numbers end in a check character after a dot ("….5").
constexpr std::array<std::string_view, 3> kCheckDigitOffices = {"CN", "DE", "EP"};

constexpr std::string_view kSeparators = " -/,.";
constexpr int kPctFirstYear = 1978;

template <class Table>
bool contains(const Table& table, std::string_view s) {
  return std::find(table.begin(), table.end(), s) != table.end();
}

// ------------------------------------------------------------------ text

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }
bool is_separator(char c) { return kSeparators.find(c) != std::string_view::npos; }

std::string_view skip_separators(std::string_view s) {
  while (!s.empty() && is_separator(s.front())) s.remove_prefix(1);
  return s;
}

// Builds a new string rather than using std::string::replace, which trips a
// GCC 12 -Wrestrict false positive at -O2.
std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  for (std::size_t at = s.find(from); at != std::string_view::npos; at = s.find(from)) {
    out.append(s.substr(0, at)).append(to);
    s.remove_prefix(at + from.size());
  }
  return out.append(s);
}

// Folds full-width ASCII and dash look-alikes, trims, upper-cases.
std::string clean(std::string_view s) {
  std::string out = fold_fullwidth_ascii(s);
  for (std::string_view dash : kDashes) out = replace_all(out, dash, "-");
  return to_upper_ascii(trim(out));
}

// The input in double quotes, bytes outside printable ASCII as \xNN when
// `escape_non_ascii` (used for text that is not UTF-8).
std::string quoted(std::string_view s, bool escape_non_ascii = false) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F || (escape_non_ascii && b >= 0x80)) {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0x0F];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::optional<int> to_int(std::string_view digits) {
  const auto v = parse_int64(digits);
  if (!v || *v > 9999) return std::nullopt;
  return static_cast<int>(*v);
}

std::string pad_left(std::string_view digits, std::size_t width) {
  std::string out(width > digits.size() ? width - digits.size() : 0, '0');
  return out.append(digits);
}

// ------------------------------------------------------------------ errors

constexpr std::string_view kNumberField = "application_number";

// What every office parser needs: the input as typed (for messages) and
// the filing year, if known.
struct Context {
  std::string_view raw;
  std::optional<int> filing_year;
};

Error number_error(std::string code, const Context& ctx, std::string_view why) {
  return make_error(ErrorKind::kInvalid, std::move(code),
                    "application number " + quoted(ctx.raw) + ": " + std::string(why),
                    std::string(kNumberField));
}

Error bad_number(const Context& ctx, std::string_view why) {
  return number_error("bad_number", ctx, why);
}

// ------------------------------------------------------------------ lexing

// Splits a trailing kind letter off "2012123456A" or "201261713164 P". A
// letter right after a separator other than a space ("….X") is not a kind.
std::pair<std::string_view, char> split_kind(std::string_view s) {
  if (s.size() < 2 || !is_letter(s.back())) return {s, '\0'};
  const char before = s[s.size() - 2];
  if (!is_digit(before) && before != ' ') return {s, '\0'};
  const char kind = s.back();
  s.remove_suffix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return {s, kind};
}

// The kind to use: `given` if the office allows it, else `fallback`.
Result<char> office_kind(const Context& ctx, std::string_view country, char given,
                         char fallback) {
  if (given == '\0') return fallback;
  std::string_view allowed = kOtherKinds;
  for (const OfficeKinds& o : kOfficeKinds) {
    if (o.country == country) allowed = o.kinds;
  }
  if (allowed.find(given) != std::string_view::npos) return given;
  return bad_number(ctx, "kind letter " + std::string(1, given) + " is not used for " +
                             std::string(country) + " applications (expected one of " +
                             std::string(allowed) + ")");
}

// Drops a trailing check character ("13844704.5" -> "13844704").
std::string_view drop_check_character(std::string_view s) {
  if (s.size() >= 2 && s[s.size() - 2] == '.' && (is_digit(s.back()) || s.back() == 'X')) {
    s.remove_suffix(2);
  }
  return s;
}

// The runs of digits in `body`, which may hold only digits and separators.
Result<std::vector<std::string>> digit_groups(const Context& ctx, std::string_view body) {
  std::vector<std::string> groups(1);
  for (char c : body) {
    if (is_digit(c)) {
      groups.back() += c;
    } else if (!is_separator(c)) {
      const bool ascii = static_cast<unsigned char>(c) < 0x80;
      return bad_number(ctx, ascii ? "unexpected character '" + std::string(1, c) + "'"
                                   : std::string("unexpected non-ASCII text"));
    } else if (!groups.back().empty()) {
      groups.emplace_back();
    }
  }
  if (groups.back().empty()) groups.pop_back();
  if (groups.empty()) return bad_number(ctx, "no digits");
  return groups;
}

Result<std::string> all_digits(const Context& ctx, std::string_view body) {
  auto groups = digit_groups(ctx, body);
  if (!groups) return groups.error();
  std::string digits;
  for (const std::string& g : *groups) digits += g;
  return digits;
}

// A year and a 6-digit serial: "2012-123456", "2012123456", "13/64552".
struct YearSerial {
  std::string year;
  std::string serial;
};

Result<YearSerial> year_and_serial(const Context& ctx, std::string_view body) {
  auto groups = digit_groups(ctx, body);
  if (!groups) return groups.error();
  const std::vector<std::string>& g = *groups;
  if (g.size() == 1) {
    if (g[0].size() == 10) return YearSerial{g[0].substr(0, 4), g[0].substr(4)};
    // EPODOC: a 4-digit year and a 7-digit serial with a leading zero
    // (JP20000550462 is JP2000550462A).
    if (g[0].size() == 11 && g[0][4] == '0' && (g[0].starts_with("19") || g[0].starts_with("20"))) {
      return YearSerial{g[0].substr(0, 4), g[0].substr(5)};
    }
    if (g[0].size() == 8) return YearSerial{g[0].substr(0, 2), g[0].substr(2)};
    // Old DOCDB PCT numbers: a 2-digit year and a 5-digit serial (US9816128W).
    if (g[0].size() == 7) return YearSerial{g[0].substr(0, 2), pad_left(g[0].substr(2), 6)};
    return bad_number(ctx, "expected a year and a serial number, as in 2012-123456");
  }
  std::string serial;
  for (std::size_t i = 1; i < g.size(); ++i) serial += g[i];
  if (serial.size() > 6) {
    return bad_number(ctx, "the serial number " + serial + " has " +
                               std::to_string(serial.size()) + " digits; at most 6 are allowed");
  }
  return YearSerial{g[0], pad_left(serial, 6)};
}

// ------------------------------------------------------------------ offices

ApplicationNumber make_number(std::string jurisdiction, std::string canonical) {
  return ApplicationNumber{std::move(jurisdiction), std::move(canonical)};
}

// Japan: year + 6-digit serial, the year Gregorian or in the `era` given.
Result<ApplicationNumber> japan(const Context& ctx, std::string_view body, char kind,
                                const Era* era) {
  auto ys = year_and_serial(ctx, body);
  if (!ys) return ys.error();
  if (era == nullptr) {
    if (ys->year.size() != 4) {
      return bad_number(ctx, "JP numbers need a 4-digit year (2012-123456) or an era "
                             "(特願平10-123456)");
    }
    return make_number("JP", "JP" + ys->year + ys->serial + kind);
  }
  const auto n = to_int(ys->year);
  if (ys->year.size() > 2 || !n || *n < 1 || *n > era->last_year) {
    return bad_number(ctx, "era year " + ys->year + " is out of range for " +
                               std::string(era->name));
  }
  return make_number("JP", "JP" + std::to_string(era->base + *n) + ys->serial + kind);
}

// "特願2012-123456", "実願平10-12345", "特願平成10年第123456号".
Result<ApplicationNumber> japanese_form(const Context& ctx, std::string_view s,
                                        const JapanesePrefix& prefix) {
  s = skip_separators(s.substr(prefix.word.size()));
  const Era* era = nullptr;
  for (const Era& e : kEras) {
    if (s.starts_with(e.name)) {
      era = &e;
      s = skip_separators(s.substr(e.name.size()));
      break;
    }
  }
  std::string rest = replace_all(replace_all(s, "年", "-"), "第", "");
  if (rest.ends_with("号")) rest.resize(rest.size() - std::string_view("号").size());
  const auto [body, given] = split_kind(rest);
  if (given != '\0' && given != prefix.kind) {
    return bad_number(ctx, "kind letter " + std::string(1, given) + " contradicts " +
                               std::string(prefix.word) + " (kind " +
                               std::string(1, prefix.kind) + ")");
  }
  return japan(ctx, body, prefix.kind, era);
}

Result<ApplicationNumber> japan_office(const Context& ctx, std::string_view country,
                                       std::string_view body, char given) {
  const auto kind = office_kind(ctx, country, given, 'A');
  if (!kind) return kind.error();
  return japan(ctx, body, *kind, nullptr);
}

// USA. Three DOCDB shapes and the USPTO series form:
//  - since 2002 (series 10 on): year + 2-digit series + 6-digit serial
//    ("201261713164");
//  - until 2001 (series 09 and before, provisionals of those years): the
//    6-digit serial and the 2-digit year, leading zeros dropped
//    ("20685698" is serial 206,856 filed in 1998; "9500698" is 095,006 of
//    1998) — canonical with the serial zero-padded: US20685698A;
//  - EPODOC: the 4-digit year and the serial as 7 digits ("19990408098");
//  - the series form "61/713,164" (a year is needed to place it).
constexpr int kUsOldFormLastYear = 2001;

// The old form belongs to applications filed up to 2001, except those of
// series 10, which began in December 2001 and take the newer form.
bool us_old_era(int year, std::string_view series) {
  return year < kUsOldFormLastYear || (year == kUsOldFormLastYear && series != "10");
}

// Series codes the USPTO has used: 01–29 (utility, 29 design) and the
// provisional series 60–63.
bool us_known_series(std::string_view series) {
  const int n = (series[0] - '0') * 10 + (series[1] - '0');
  return (n >= 1 && n <= 29) || (n >= 60 && n <= 63);
}

std::string two_digits(int year) {
  const int yy = year % 100;
  return std::string(1, static_cast<char>('0' + yy / 10)) + static_cast<char>('0' + yy % 10);
}

Result<ApplicationNumber> us_old_form(const Context& ctx, std::string_view country, std::string_view serial,
                                      int year, bool provisional, char given) {
  const auto kind = office_kind(ctx, country, given, provisional ? 'P' : 'A');
  if (!kind) return kind.error();
  return make_number("US", "US" + pad_left(serial, 6) + two_digits(year) + *kind);
}

Result<ApplicationNumber> us_new_form(const Context& ctx, std::string_view country, int year,
                                      std::string_view series, std::string_view serial, char given) {
  const bool provisional = contains(kProvisionalSeries, series);
  const auto kind = office_kind(ctx, country, given, provisional ? 'P' : 'A');
  if (!kind) return kind.error();
  return make_number("US", "US" + std::to_string(year) + std::string(series) + pad_left(serial, 6) + *kind);
}

Error us_needs_series(const Context& ctx, int year, std::string_view serial) {
  return bad_number(ctx, "it gives serial " + std::string(serial) + " of " + std::to_string(year) +
                             " without the series code; since 2002 DOCDB US numbers are the year, "
                             "the series code and the serial (US 11/023,667 filed in 2004 is "
                             "US200411023667A): write the series form with the filing date");
}

// A series-form number (series + serial) filed in `year`.
Result<ApplicationNumber> us_series(const Context& ctx, std::string_view country, int year,
                                    std::string_view series, std::string_view serial, char given) {
  if (year < 1000 || year > 9999) {
    return number_error("needs_filing_year", ctx,
                        "filing year " + std::to_string(year) + " is not a 4-digit year");
  }
  if (us_old_era(year, series)) {
    return us_old_form(ctx, country, serial, year, contains(kProvisionalSeries, series), given);
  }
  return us_new_form(ctx, country, year, series, serial, given);
}

// "US 2013/050328" (an original PCT number without "PCT/"): a 4-digit year
// and a serial of 5 or 6 digits.
bool us_pct_shaped(const std::vector<std::string>& g) {
  return g.size() == 2 && g[0].size() == 4 && (g[0].starts_with("19") || g[0].starts_with("20")) &&
         (g[1].size() == 5 || g[1].size() == 6);
}

Result<ApplicationNumber> pct(const Context& ctx, std::string_view office, std::string_view body,
                              char given);

Result<ApplicationNumber> united_states(const Context& ctx, std::string_view country,
                                        std::string_view body, char given) {
  auto groups = digit_groups(ctx, body);
  if (!groups) return groups.error();
  if (given == '\0' && us_pct_shaped(*groups)) return pct(ctx, country, body, given);
  std::string digits;
  for (const std::string& g : *groups) digits += g;
  // The series form as written: "61/713,164", "09/206,856".
  const bool written_series = groups->size() >= 2 && groups->front().size() == 2 && digits.size() == 8;

  if (digits.size() == 12) {
    // A number of the old era written in the newer form (US199809206856A)
    // is stored in the old one, as DOCDB has it.
    const int year = to_int(digits.substr(0, 4)).value_or(0);
    return us_series(ctx, country, year, std::string_view(digits).substr(4, 2),
                     std::string_view(digits).substr(6), given);
  }
  if (digits.size() == 11) {  // EPODOC: year + serial in 7 digits
    const int year = to_int(digits.substr(0, 4)).value_or(0);
    if (groups->size() != 1 || digits[4] != '0' || year < 1900) {
      return bad_number(ctx, "11 digits read as EPODOC (year and a 7-digit serial starting with 0), "
                             "but they are not");
    }
    const std::string serial = digits.substr(5);
    if (year > kUsOldFormLastYear) return us_needs_series(ctx, year, serial);
    return us_old_form(ctx, country, serial, year, given == 'P', given);
  }
  if (digits.size() != 7 && digits.size() != 8) {
    return bad_number(ctx, "US numbers have a 2-digit series and 6 digits (61/713,164), "
                           "or 12 digits in DOCDB form (201261713164); got " +
                               std::to_string(digits.size()) + " digits");
  }
  const std::string yy = digits.substr(digits.size() - 2);
  const std::string old_serial = digits.substr(0, digits.size() - 2);
  if (written_series || (digits.size() == 8 && given == '\0' && !ctx.filing_year)) {
    if (!ctx.filing_year) {
      return number_error("needs_filing_year", ctx,
                          "US numbers in the USPTO series form need the filing year, "
                          "because DOCDB US numbers include it (US 61/713,164 filed in "
                          "2012 is US201261713164P); give the filing date or write the "
                          "number as 201261713164");
    }
    return us_series(ctx, country, *ctx.filing_year, std::string_view(digits).substr(0, 2),
                     std::string_view(digits).substr(2), given);
  }
  if (ctx.filing_year) {
    const int fy = *ctx.filing_year;
    const bool year_matches = yy == two_digits(fy);
    // 8 digits are the series form run together after 2001, and before
    // when they cannot be DOCDB's serial + year: another year, when no kind
    // says DOCDB or when they start with a zero as a series code does
    // (USPTO full text writes 09/832,323 filed in 2001 as 09832323, and
    // the office import adds the kind A; US08359798A filed in 1998 stays
    // serial 083597 of 1998).
    const bool series_form =
        fy > kUsOldFormLastYear || (!year_matches && (given == '\0' || digits[0] == '0'));
    if (digits.size() == 8 && series_form) {
      if (!us_known_series(std::string_view(digits).substr(0, 2))) {
        if (year_matches) return us_needs_series(ctx, fy, old_serial);
        return bad_number(ctx, "neither a series code and serial (no series " + digits.substr(0, 2) +
                                   ") nor a serial and the filing year's 2 digits (" + two_digits(fy) + ")");
      }
      return us_series(ctx, country, fy, std::string_view(digits).substr(0, 2),
                       std::string_view(digits).substr(2), given);
    }
    if (!year_matches) {
      return bad_number(ctx, "read as serial " + old_serial + " and year " + yy +
                                 " (DOCDB's form until 2001), but the filing year is " + std::to_string(fy));
    }
    if (fy > kUsOldFormLastYear) return us_needs_series(ctx, fy, pad_left(old_serial, 6));
    return us_old_form(ctx, country, old_serial, fy, given == 'P', given);
  }
  // No filing year: a kind letter or 7 digits mean DOCDB's serial + year.
  const int n = to_int(yy).value_or(0);
  const int year = n >= 30 ? 1900 + n : 2000 + n;
  if (year > kUsOldFormLastYear) return us_needs_series(ctx, year, pad_left(old_serial, 6));
  return us_old_form(ctx, country, old_serial, year, given == 'P', given);
}

// European Patent Office: 8 digits, an optional ".check digit" dropped.
Result<ApplicationNumber> europe(const Context& ctx, std::string_view country,
                                 std::string_view body, char given) {
  const auto kind = office_kind(ctx, country, given, 'A');
  if (!kind) return kind.error();
  auto parsed = all_digits(ctx, drop_check_character(body));
  if (!parsed) return parsed.error();
  std::string digits = *parsed;
  // EPODOC: a 4-digit year and the serial in 7 digits (EP19980938302 is
  // EP98938302A).
  if (digits.size() == 11 && digits[4] == '0' && (digits.starts_with("19") || digits.starts_with("20"))) {
    digits = digits.substr(2, 2) + digits.substr(5);
  }
  if (digits.size() != 8) {
    return bad_number(ctx, "EP numbers have 8 digits (EP 13844704.5); got " +
                               std::to_string(digits.size()));
  }
  return make_number("EP", "EP" + digits + *kind);
}

// Any other office: country + digits + kind.
Result<ApplicationNumber> other_office(const Context& ctx, std::string_view country,
                                       std::string_view body, char given) {
  const auto kind = office_kind(ctx, country, given, 'A');
  if (!kind) return kind.error();
  if (contains(kCheckDigitOffices, country)) body = drop_check_character(body);
  body = skip_separators(body);
  // Letters before the digits are part of some offices' numbers in DOCDB
  // (AR P990102435, DK BA200200229, TN SN99097, and the old German
  // B0077613): one or two, kept as written.
  // Only letters that digits follow: other text is reported as it stands.
  std::string letters;
  {
    std::string_view rest = body;
    while (!rest.empty() && is_letter(rest.front()) && letters.size() < 2) {
      letters += rest.front();
      rest.remove_prefix(1);
    }
    rest = skip_separators(rest);
    if (!letters.empty() && !rest.empty() && is_digit(rest.front())) {
      body = rest;
    } else {
      letters.clear();
    }
  }
  // DE before 1968: a letter for the examining section and 7 digits
  // (B0077613, written B 77613 too; EPODOC DE1964B077613).
  const bool german_letter = country == "DE" && letters.size() == 1;
  std::string epodoc_letter;
  if (country == "DE" && letters.empty() && body.size() > 5 && std::all_of(body.begin(), body.begin() + 4, is_digit) &&
      is_letter(body[4])) {
    epodoc_letter = std::string(1, body[4]);
    body.remove_prefix(5);
  }
  auto digits = all_digits(ctx, body);
  if (!digits) return digits.error();
  if (german_letter || !epodoc_letter.empty()) {
    if (digits->size() > 7) {
      return bad_number(ctx, "a German number with a letter has at most 7 digits after it (B0077613)");
    }
    const std::string letter = german_letter ? letters : epodoc_letter;
    return make_number("DE", "DE" + letter + pad_left(*digits, 7) + *kind);
  }
  if (digits->size() < 4 || digits->size() > 15) {
    return bad_number(ctx, "expected 4 to 15 digits after the country code; got " +
                               std::to_string(digits->size()));
  }
  return make_number(std::string(country), std::string(country) + letters + *digits + *kind);
}

// PCT: receiving office + 4-digit year + 6-digit serial + W; jurisdiction WO.
bool is_receiving_office(std::string_view code) {
  return code == "IB" || (code != "WO" && is_known_jurisdiction(code));
}

Result<ApplicationNumber> pct(const Context& ctx, std::string_view office,
                              std::string_view body, char given) {
  if (!is_receiving_office(office)) {
    return number_error("unknown_jurisdiction", ctx,
                        std::string(office) + " is not a PCT receiving office");
  }
  if (given != '\0' && given != 'W') {
    return bad_number(ctx, "PCT applications have kind W, not " + std::string(1, given));
  }
  auto ys = year_and_serial(ctx, body);
  if (!ys) return ys.error();
  std::string year = ys->year;
  if (year.size() == 2) {
    const int yy = to_int(year).value_or(0);
    year = std::to_string(yy + (yy >= kPctFirstYear % 100 ? 1900 : 2000));
  } else if (year.size() != 4) {
    return bad_number(ctx, "PCT numbers need a 2- or 4-digit year (PCT/US2013/064552)");
  }
  return make_number("WO", std::string(office) + year + ys->serial + "W");
}

// "PCT/US2013/064552", "PCT/US13/64552"; `s` is what follows "PCT".
Result<ApplicationNumber> pct_form(const Context& ctx, std::string_view s) {
  s = skip_separators(s);
  if (s.size() < 2 || !is_letter(s[0]) || !is_letter(s[1])) {
    return bad_number(ctx, "expected the receiving office after PCT/, as in "
                           "PCT/US2013/064552");
  }
  const auto [body, given] = split_kind(skip_separators(s.substr(2)));
  return pct(ctx, s.substr(0, 2), body, given);
}

// EPODOC "WO2013US64552"; `body` is what follows "WO".
Result<ApplicationNumber> wo_epodoc(const Context& ctx, std::string_view body) {
  const auto [rest, given] = split_kind(skip_separators(body));
  const bool shaped = rest.size() > 6 && std::all_of(rest.begin(), rest.begin() + 4, is_digit) &&
                      is_letter(rest[4]) && is_letter(rest[5]);
  if (!shaped) {
    return bad_number(ctx, "a WO number without a receiving office is a publication "
                           "number; give the application number, as in "
                           "PCT/US2013/064552");
  }
  const std::string year_serial = std::string(rest.substr(0, 4)) + "/" +
                                  std::string(rest.substr(6));
  return pct(ctx, rest.substr(4, 2), year_serial, given);
}

// ------------------------------------------------------------------ dispatch

using OfficeParser = Result<ApplicationNumber> (*)(const Context&, std::string_view,
                                                   std::string_view, char);
struct Office {
  std::string_view country;
  OfficeParser parse;
};
constexpr std::array<Office, 3> kOffices = {{
    {"JP", japan_office}, {"US", united_states}, {"EP", europe},
}};

// `body` is the number after the country code `country`.
Result<ApplicationNumber> with_country(const Context& ctx, std::string_view country,
                                       std::string_view body) {
  if (country == "WO") return wo_epodoc(ctx, body);
  if (country != "IB" && !is_known_jurisdiction(country)) {
    return number_error("unknown_jurisdiction", ctx,
                        "unknown country code " + std::string(country));
  }
  const auto [rest, given] = split_kind(skip_separators(body));
  if (given == 'W' || country == "IB") return pct(ctx, country, rest, given);
  for (const Office& office : kOffices) {
    if (office.country == country) return office.parse(ctx, country, rest, given);
  }
  return other_office(ctx, country, rest, given);
}

bool has_country_prefix(std::string_view s) {
  return s.size() >= 2 && is_letter(s[0]) && is_letter(s[1]);
}

// "201261713164 P": twelve digits and a kind letter can only be a US number.
bool is_bare_us_docdb(std::string_view s) {
  const auto [rest, given] = split_kind(s);
  return given != '\0' && rest.size() == 12 && std::all_of(rest.begin(), rest.end(), is_digit);
}

Result<ApplicationNumber> parse(const Context& ctx, std::string_view s,
                                std::string_view hint) {
  for (const JapanesePrefix& prefix : kJapanesePrefixes) {
    if (s.starts_with(prefix.word)) return japanese_form(ctx, s, prefix);
  }
  if (s.starts_with("PCT")) return pct_form(ctx, s.substr(3));
  if (has_country_prefix(s)) return with_country(ctx, s.substr(0, 2), s.substr(2));
  if (!hint.empty()) return with_country(ctx, hint, s);
  if (is_bare_us_docdb(s)) return with_country(ctx, "US", s);
  return number_error("unknown_jurisdiction", ctx,
                      "no country code; write one (JP2012-123456) or give the "
                      "jurisdiction");
}

Result<std::string> clean_hint(std::string_view hint) {
  std::string h = clean(hint);
  if (!h.empty() && !is_known_jurisdiction(h)) {
    return make_error(ErrorKind::kInvalid, "unknown_jurisdiction", "unknown jurisdiction " + quoted(hint),
                      "jurisdiction");
  }
  return h;
}

}  // namespace

Result<ApplicationNumber> normalize_application_number(std::string_view raw,
                                                       std::string_view jurisdiction_hint,
                                                       std::optional<int> filing_year) {
  if (!is_valid_utf8(raw)) {
    return make_error(ErrorKind::kInvalid, "bad_number",
                      "application number " + quoted(raw, true) + " is not valid UTF-8 text",
                      std::string(kNumberField));
  }
  const std::string s = clean(raw);
  if (s.empty()) {
    return make_error(ErrorKind::kInvalid, "empty_number", "application number is empty",
                      std::string(kNumberField));
  }
  const auto hint = clean_hint(jurisdiction_hint);
  if (!hint) return hint.error();
  const Context ctx{trim(raw), filing_year};
  auto number = parse(ctx, s, *hint);
  if (number && !hint->empty() && number->jurisdiction != *hint) {
    return number_error("jurisdiction_mismatch", ctx,
                        "it is a " + number->jurisdiction + " application (" +
                            number->canonical + "), but the jurisdiction given is " + *hint);
  }
  return number;
}

std::optional<UsSeriesNumber> us_series_form(std::string_view raw) {
  if (!is_valid_utf8(raw)) return std::nullopt;
  const std::string s = clean(raw);
  std::string_view body = s;
  const bool prefixed = body.starts_with("US");
  if (prefixed) {
    body = skip_separators(body.substr(2));
  } else {
    // Without the prefix only the written series form: NN/NNN,NNN or NN/NNNNNN.
    const bool shaped = (body.size() == 10 || body.size() == 9) && is_digit(body[0]) && is_digit(body[1]) &&
                        body[2] == '/' &&
                        (body.size() == 9 || (body[6] == ',' && is_digit(body[3]) && is_digit(body[4]) &&
                                              is_digit(body[5])));
    if (!shaped) return std::nullopt;
  }
  std::string digits;
  for (char c : body) {
    if (is_digit(c)) {
      digits += c;
    } else if (!is_separator(c)) {
      return std::nullopt;
    }
  }
  if (digits.size() != 8) return std::nullopt;
  return UsSeriesNumber{digits.substr(0, 2), digits.substr(2)};
}

bool looks_like_application_number(std::string_view raw) {
  if (!is_valid_utf8(raw)) return false;
  const std::string s = clean(raw);
  for (const JapanesePrefix& prefix : kJapanesePrefixes) {
    if (s.starts_with(prefix.word)) return true;
  }
  if (s.starts_with("PCT")) return true;
  if (us_series_form(s)) return true;
  if (!has_country_prefix(s)) return false;
  const std::string_view rest = skip_separators(std::string_view(s).substr(2));
  return !rest.empty() && is_digit(rest.front());
}

std::optional<int> application_number_year(std::string_view canonical) {
  // Country, 4-digit year, digits, kind: JP + 10 digits + A/U/S, any
  // receiving office + 10 digits + W, US + 12 digits + A/P.
  const auto digits_between = [&](std::size_t from, std::size_t to) {
    return std::all_of(canonical.begin() + static_cast<std::ptrdiff_t>(from),
                       canonical.begin() + static_cast<std::ptrdiff_t>(to), is_digit);
  };
  if (canonical.size() < 3 || !has_country_prefix(canonical)) return std::nullopt;
  const std::string_view country = canonical.substr(0, 2);
  const char kind = canonical.back();
  // DOCDB's US form until 2001: serial + 2-digit year (US20685698A: 1998).
  if (canonical.size() == 11 && country == "US" && (kind == 'A' || kind == 'P') && digits_between(2, 10)) {
    const int yy = to_int(canonical.substr(8, 2)).value_or(0);
    return yy >= 30 ? 1900 + yy : 2000 + yy;
  }
  const bool shaped = (canonical.size() == 13 && country == "JP" && (kind == 'A' || kind == 'U' || kind == 'S')) ||
                      (canonical.size() == 13 && kind == 'W') ||
                      (canonical.size() == 15 && country == "US" && (kind == 'A' || kind == 'P'));
  if (!shaped || !digits_between(2, canonical.size() - 1)) return std::nullopt;
  return to_int(canonical.substr(2, 4));
}

Result<PublicationNumber> normalize_publication_number(std::string_view raw) {
  const auto bad = [&](std::string_view why) {
    return make_error(ErrorKind::kInvalid, "bad_number",
                      "publication number " + quoted(raw, !is_valid_utf8(raw)) + ": " + std::string(why),
                      "publication_number");
  };
  if (!is_valid_utf8(raw)) return bad("not valid UTF-8 text");
  const std::string s = clean(raw);
  if (!has_country_prefix(s)) return bad("expected a country code first (WO 2013/123456, US 6,224,910)");
  const std::string country = s.substr(0, 2);
  if (!is_known_jurisdiction(country)) return bad("unknown country code " + country);
  std::string_view body = skip_separators(std::string_view(s).substr(2));
  // A kind: a letter and at most one digit at the end ("A1", "B", " B2").
  std::string kind;
  {
    std::size_t k = body.size();
    if (k > 0 && is_digit(body[k - 1]) && k > 1 && is_letter(body[k - 2])) k -= 2;
    else if (k > 0 && is_letter(body[k - 1])) k -= 1;
    if (k < body.size() && k > 0 && (is_digit(body[k - 1]) || body[k - 1] == ' ')) {
      kind = std::string(body.substr(k));
      body = body.substr(0, k);
      while (!body.empty() && body.back() == ' ') body.remove_suffix(1);
    }
  }
  std::vector<std::string> groups(1);
  for (char c : body) {
    if (is_digit(c)) {
      groups.back() += c;
    } else if (!is_separator(c)) {
      return bad("unexpected character in the number");
    } else if (!groups.back().empty()) {
      groups.emplace_back();
    }
  }
  if (groups.back().empty()) groups.pop_back();
  if (groups.empty()) return bad("no digits");
  std::string number;
  if (country == "WO") {
    // WO yy/nnnnn (until 2003), WO yyyy/nnnnnn, WO9961002 (yy + 5 digits):
    // written as DOCDB does, a 4-digit year and 6 digits.
    std::string year, serial;
    if (groups.size() == 2) {
      year = groups[0];
      serial = groups[1];
    } else if (groups[0].size() == 7) {
      year = groups[0].substr(0, 2);
      serial = groups[0].substr(2);
    } else if (groups[0].size() == 10) {
      year = groups[0].substr(0, 4);
      serial = groups[0].substr(4);
    } else {
      return bad("a WO publication number is a year and a serial (WO 2013/123456, WO 03/015838)");
    }
    if (year.size() == 2) {
      const int yy = to_int(year).value_or(0);
      year = std::to_string(yy + (yy >= kPctFirstYear % 100 ? 1900 : 2000));
    }
    if (year.size() != 4 || serial.size() > 6) {
      return bad("a WO publication number is a year and at most 6 digits (WO 2013/123456)");
    }
    number = year + pad_left(serial, 6);
  } else {
    for (const std::string& g : groups) number += g;
    if (number.size() < 4 || number.size() > 15) return bad("expected 4 to 15 digits after the country code");
  }
  return PublicationNumber{country + number, kind};
}

bool is_known_jurisdiction(std::string_view code) {
  return std::binary_search(kJurisdictions.begin(), kJurisdictions.end(), code);
}

}  // namespace chizai
