// Application-number normalisation: the examples of numbers.h and the
// README, the error codes, and spellings taken from real DOCDB records.
#include "registry/numbers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace chizai {
namespace {

struct Case {
  std::string raw;
  std::string hint;
  std::optional<int> year;
  std::string canonical;
  std::string jurisdiction;
};

void expect_all(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE("input \"" + c.raw + "\" hint \"" + c.hint + "\"");
    const auto r = normalize_application_number(c.raw, c.hint, c.year);
    ASSERT_TRUE(r.ok()) << r.error().code << ": " << r.error().message;
    EXPECT_EQ(r->canonical, c.canonical);
    EXPECT_EQ(r->jurisdiction, c.jurisdiction);
  }
}

// The error code for `raw`; "" when it normalises.
std::string error_code(std::string_view raw, std::string_view hint = {},
                       std::optional<int> year = std::nullopt) {
  const auto r = normalize_application_number(raw, hint, year);
  return r.ok() ? std::string() : r.error().code;
}

// ---------------------------------------------------------------- Japan

TEST(NumbersJp, PatentSpellings) {
  expect_all({
      {"JP 2012-123456", "", {}, "JP2012123456A", "JP"},
      {"JP2012-123456", "", {}, "JP2012123456A", "JP"},
      {"JP2012123456", "", {}, "JP2012123456A", "JP"},
      {"JP2012123456A", "", {}, "JP2012123456A", "JP"},
      {"jp 2012/123456", "", {}, "JP2012123456A", "JP"},
      {"2012-123456", "JP", {}, "JP2012123456A", "JP"},
      {"2012-123456", "jp", {}, "JP2012123456A", "JP"},
      {"  JP2012-123456\t", "", {}, "JP2012123456A", "JP"},
  });
}

TEST(NumbersJp, JapanesePrefixes) {
  expect_all({
      {"特願2012-123456", "", {}, "JP2012123456A", "JP"},
      {"特願 2012-123456", "", {}, "JP2012123456A", "JP"},
      {"特許出願2012-123456", "", {}, "JP2012123456A", "JP"},
      {"特願2012-123456", "JP", {}, "JP2012123456A", "JP"},
      {"実願2012-012345", "", {}, "JP2012012345U", "JP"},
      {"意願2012-012345", "", {}, "JP2012012345S", "JP"},
      {"特願2012年第123456号", "", {}, "JP2012123456A", "JP"},
  });
}

TEST(NumbersJp, FullWidthAndDashLookAlikes) {
  expect_all({
      {"特願2012－123456", "", {}, "JP2012123456A", "JP"},
      {"特願２０１２－１２３４５６", "", {}, "JP2012123456A", "JP"},
      {"ＪＰ２０１２－１２３４５６", "", {}, "JP2012123456A", "JP"},
      {"\u3000特願2012-123456\u3000", "", {}, "JP2012123456A", "JP"},
      {"特願2012ー123456", "", {}, "JP2012123456A", "JP"},  // katakana long mark
      {"特願2012\u2212123456", "", {}, "JP2012123456A", "JP"},  // minus sign
  });
}

TEST(NumbersJp, ShortSerialIsPadded) {
  expect_all({
      {"JP2012-1", "", {}, "JP2012000001A", "JP"},
      {"実願2012-12345", "", {}, "JP2012012345U", "JP"},
  });
}

TEST(NumbersJp, EraYears) {
  expect_all({
      {"特願平10-123456", "", {}, "JP1998123456A", "JP"},
      {"特願平成10年第123456号", "", {}, "JP1998123456A", "JP"},
      {"特願H10-123456", "", {}, "JP1998123456A", "JP"},
      {"特願昭63-123456", "", {}, "JP1988123456A", "JP"},
      {"特願昭和63-123456", "", {}, "JP1988123456A", "JP"},
      {"特願令和2-012345", "", {}, "JP2020012345A", "JP"},
      {"実願平1-1234", "", {}, "JP1989001234U", "JP"},
  });
}

TEST(NumbersJp, Errors) {
  EXPECT_EQ(error_code("JP2012-1234567"), "bad_number");   // serial > 6 digits
  EXPECT_EQ(error_code("JP12-123456"), "bad_number");      // 2-digit year, no era
  EXPECT_EQ(error_code("JP201212345"), "bad_number");      // 11 digits
  EXPECT_EQ(error_code("特願平32-123456"), "bad_number");  // Heisei ended in year 31
  EXPECT_EQ(error_code("特願平0-123456"), "bad_number");
  EXPECT_EQ(error_code("特願2012-123456U"), "bad_number");  // kind contradicts 特願
  EXPECT_EQ(error_code("JP2012123456P"), "bad_number");    // no P kind in Japan
  EXPECT_EQ(error_code("JP2012-12a456"), "bad_number");
}

TEST(NumbersJp, SerialErrorSaysHowManyDigits) {
  const auto r = normalize_application_number("JP 2012-1234567");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "bad_number");
  EXPECT_EQ(r.error().field, "application_number");
  EXPECT_NE(r.error().message.find("\"JP 2012-1234567\""), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("at most 6"), std::string::npos) << r.error().message;
}

// ---------------------------------------------------------------- USA

TEST(NumbersUs, SeriesFormWithFilingYear) {
  expect_all({
      {"US 61/713,164", "", 2012, "US201261713164P", "US"},
      {"61/713164", "US", 2012, "US201261713164P", "US"},
      {"US61/713,164", "", 2012, "US201261713164P", "US"},
      {"US 13/844,704", "", 2013, "US201313844704A", "US"},
      {"US 60/095,006", "", 1998, "US09500698P", "US"},  // DOCDB until 2001: serial + year
      {"US 63/230,089", "", 2021, "US202163230089P", "US"},
      {"US 62/000,001", "", 2014, "US201462000001P", "US"},
      {"US 14/123,456", "", 2014, "US201414123456A", "US"},
      {"ＵＳ ６１／７１３，１６４", "", 2012, "US201261713164P", "US"},
  });
}

TEST(NumbersUs, DocdbFormsAcceptedAsTheyAre) {
  expect_all({
      {"US201261713164P", "", {}, "US201261713164P", "US"},
      {"US201313844704A", "", {}, "US201313844704A", "US"},
      {"201261713164 P", "", {}, "US201261713164P", "US"},
      {"201261713164 P", "US", {}, "US201261713164P", "US"},
      {"201261713164P", "", {}, "US201261713164P", "US"},
      // The filing year is not needed, and not used, for DOCDB forms.
      {"US201261713164P", "", 2013, "US201261713164P", "US"},
  });
}

TEST(NumbersUs, DocdbWithoutKindTakesKindFromSeries) {
  expect_all({
      {"US201313844704", "", {}, "US201313844704A", "US"},
      {"US201261713164", "", {}, "US201261713164P", "US"},
      {"201261713164", "US", {}, "US201261713164P", "US"},
  });
}

TEST(NumbersUs, SeriesFormWithoutYearSaysWhy) {
  const auto r = normalize_application_number("US 61/713,164");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "needs_filing_year");
  EXPECT_NE(r.error().message.find("\"US 61/713,164\""), std::string::npos);
  EXPECT_NE(r.error().message.find("DOCDB US numbers include"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(error_code("61/713,164", "US"), "needs_filing_year");
  EXPECT_EQ(error_code("US 61/713,164", "", 12), "needs_filing_year");
}

TEST(NumbersUs, Errors) {
  EXPECT_EQ(error_code("US 2012/0123456"), "bad_number");  // a publication number
  EXPECT_EQ(error_code("US201261713164W"), "bad_number");  // W needs 10 digits
  EXPECT_EQ(error_code("US201261713164U"), "bad_number");  // no U kind in the US
  EXPECT_EQ(error_code("201261713164"), "unknown_jurisdiction");  // no kind, no hint
}

// ---------------------------------------------------------------- PCT

TEST(NumbersPct, Spellings) {
  expect_all({
      {"PCT/US2013/064552", "", {}, "US2013064552W", "WO"},
      {"PCT/US13/064552", "", {}, "US2013064552W", "WO"},
      {"PCT/US13/64552", "", {}, "US2013064552W", "WO"},
      {"PCT/GB98/01234", "", {}, "GB1998001234W", "WO"},
      {"PCT/JP2014/1234", "", {}, "JP2014001234W", "WO"},
      {"pct/jp2014/001234", "", {}, "JP2014001234W", "WO"},
      {"PCT / US 2013 / 064552", "", {}, "US2013064552W", "WO"},
      {"ＰＣＴ／ＪＰ２０１４／００１２３４", "", {}, "JP2014001234W", "WO"},
      {"PCT/IB2022/055385", "", {}, "IB2022055385W", "WO"},
      {"PCT/EP2013/070000", "", {}, "EP2013070000W", "WO"},
      {"PCT/US2013/064552", "WO", {}, "US2013064552W", "WO"},
  });
}

TEST(NumbersPct, DocdbAndEpodocForms) {
  expect_all({
      {"US2013064552W", "", {}, "US2013064552W", "WO"},
      {"IB2022055385W", "", {}, "IB2022055385W", "WO"},
      {"IB2022/055385", "", {}, "IB2022055385W", "WO"},
      {"JP2014001234W", "", {}, "JP2014001234W", "WO"},
      {"WO2013US64552", "", {}, "US2013064552W", "WO"},
      {"WO2022IB55385", "", {}, "IB2022055385W", "WO"},
  });
}

TEST(NumbersPct, Errors) {
  EXPECT_EQ(error_code("PCT/US2013/1234567"), "bad_number");  // serial > 6 digits
  EXPECT_EQ(error_code("PCT/US201/064552"), "bad_number");    // 3-digit year
  EXPECT_EQ(error_code("PCT/2013/064552"), "bad_number");     // no receiving office
  EXPECT_EQ(error_code("PCT/XX2013/064552"), "unknown_jurisdiction");
  EXPECT_EQ(error_code("PCT/WO2013/064552"), "unknown_jurisdiction");
  EXPECT_EQ(error_code("PCT/US2013/064552A"), "bad_number");
  EXPECT_EQ(error_code("WO2022/259205"), "bad_number");  // a publication number
  EXPECT_EQ(error_code("PCT/US2013/064552", "US"), "jurisdiction_mismatch");
}

// ---------------------------------------------------------------- EP

TEST(NumbersEp, Spellings) {
  expect_all({
      {"EP 13844704.5", "", {}, "EP13844704A", "EP"},
      {"EP13844704", "", {}, "EP13844704A", "EP"},
      {"EP 13 844 704.5", "", {}, "EP13844704A", "EP"},
      {"EP13844704A", "", {}, "EP13844704A", "EP"},
      {"13844704.5", "EP", {}, "EP13844704A", "EP"},
  });
}

TEST(NumbersEp, Errors) {
  EXPECT_EQ(error_code("EP1384470"), "bad_number");
  EXPECT_EQ(error_code("EP138447045"), "bad_number");
  EXPECT_EQ(error_code("EP13844704U"), "bad_number");
}

// ---------------------------------------------------------------- others

TEST(NumbersOther, CountryDigitsKind) {
  expect_all({
      {"CN 201310123456.7", "", {}, "CN201310123456A", "CN"},
      {"CN201310123456.X", "", {}, "CN201310123456A", "CN"},
      {"CN 201320123456.1 U", "", {}, "CN201320123456U", "CN"},
      {"KR 10-2004-0032451", "", {}, "KR1020040032451A", "KR"},
      {"KR1020040032451A", "", {}, "KR1020040032451A", "KR"},
      {"DE 10 2012 012 345.6", "", {}, "DE102012012345A", "DE"},
      {"CA 2,123,456", "", {}, "CA2123456A", "CA"},
      {"AU2013101234", "", {}, "AU2013101234A", "AU"},
      {"FR 1234567", "", {}, "FR1234567A", "FR"},
      {"201310123456.7", "CN", {}, "CN201310123456A", "CN"},
      {"TW 102123456", "", {}, "TW102123456A", "TW"},
      {"EA201391234", "", {}, "EA201391234A", "EA"},
  });
}

TEST(NumbersOther, Errors) {
  EXPECT_EQ(error_code("CN 123"), "bad_number");
  EXPECT_EQ(error_code("CN 2013101234567890"), "bad_number");
  EXPECT_EQ(error_code("KR 10-2004-0032451Q"), "bad_number");
  EXPECT_EQ(error_code("XX 1234567"), "unknown_jurisdiction");
  EXPECT_EQ(error_code("YU 6701"), "unknown_jurisdiction");
}

// ---------------------------------------------------------------- errors

TEST(NumbersErrors, Empty) {
  EXPECT_EQ(error_code(""), "empty_number");
  EXPECT_EQ(error_code("   "), "empty_number");
  EXPECT_EQ(error_code("\u3000"), "empty_number");
}

TEST(NumbersErrors, NoCountryAndNoHint) {
  const auto r = normalize_application_number("2012-123456");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "unknown_jurisdiction");
  EXPECT_NE(r.error().message.find("\"2012-123456\""), std::string::npos);
}

TEST(NumbersErrors, UnknownHint) {
  const auto r = normalize_application_number("2012-123456", "XX");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "unknown_jurisdiction");
  EXPECT_EQ(r.error().field, "jurisdiction");
  EXPECT_EQ(error_code("IB2022055385W", "IB"), "unknown_jurisdiction");
}

TEST(NumbersErrors, HintContradictsPrefix) {
  const auto r = normalize_application_number("JP2012-1", "US");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "jurisdiction_mismatch");
  EXPECT_NE(r.error().message.find("\"JP2012-1\""), std::string::npos);
  EXPECT_NE(r.error().message.find("US"), std::string::npos);
  EXPECT_EQ(error_code("特願2012-123456", "EP"), "jurisdiction_mismatch");
  EXPECT_EQ(error_code("US2013064552W", "US"), "jurisdiction_mismatch");
}

TEST(NumbersErrors, InvalidUtf8) {
  const auto r = normalize_application_number("JP2012-\xFF\xFE");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "bad_number");
  EXPECT_NE(r.error().message.find("\\xFF\\xFE"), std::string::npos) << r.error().message;
  EXPECT_EQ(error_code("\xE7\x89"), "bad_number");      // truncated sequence
  EXPECT_EQ(error_code("\xC0\xAF"), "bad_number");      // overlong '/'
  EXPECT_EQ(error_code("\xED\xA0\x80"), "bad_number");  // surrogate
}

// ---------------------------------------------------------------- idempotence

TEST(Numbers, CanonicalFormsAreFixedPoints) {
  for (const char* canonical :
       {"JP2012123456A", "JP2012012345U", "JP2012012345S", "JP1998123456A",
        "US201261713164P", "US201313844704A", "US2013064552W", "IB2022055385W",
        "EP13844704A", "CN201310123456A", "KR1020040032451A"}) {
    SCOPED_TRACE(canonical);
    const auto r = normalize_application_number(canonical);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->canonical, canonical);
    const auto again = normalize_application_number(r->canonical, r->jurisdiction);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->canonical, canonical);
  }
}

// ---------------------------------------------------------------- jurisdictions

TEST(Jurisdictions, KnownCodes) {
  for (const char* code :
       {"JP", "US", "EP", "WO", "CN", "KR", "DE", "FR", "GB", "IT", "ES", "NL", "SE",
        "CH", "AT", "BE", "DK", "FI", "NO", "PT", "IE", "PL", "CZ", "HU", "RU", "IN",
        "CA", "AU", "NZ", "BR", "MX", "SG", "TW", "HK", "IL", "ZA", "TR", "UA", "AR",
        "CL", "CO", "ID", "MY", "PH", "TH", "VN", "EG", "MA", "SA", "AE", "EA", "AP",
        "OA", "GC"}) {
    EXPECT_TRUE(is_known_jurisdiction(code)) << code;
  }
}

TEST(Jurisdictions, UnknownCodes) {
  for (const char* code : {"IB", "XX", "", "J", "JPN", "jp", "YU", "PCT"}) {
    EXPECT_FALSE(is_known_jurisdiction(code)) << code;
  }
}

// ---------------------------------------------------------------- real data

// The text of a sample DOCDB exchange document (tests/data/patent-samples,
// copied with its licence and source).
std::string read_sample(const std::string& name) {
  const std::string path =
      std::string(CHIZAI_SOURCE_DIR) + "/tests/data/patent-samples/go-epo-bdds_docdb/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first match's groups of `pattern` in `text`.
std::vector<std::string> find_groups(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return {};
  std::vector<std::string> groups;
  for (std::size_t i = 1; i < m.size(); ++i) groups.push_back(m[i].str());
  return groups;
}

// Application references: DOCDB form (country, number, kind), and the
// EPODOC and "original" spellings of the same number.
void expect_application_reference(const std::string& file, const std::string& expected) {
  SCOPED_TRACE(file);
  const std::string xml = read_sample(file);
  const auto docdb = find_groups(
      xml,
      R"(<exch:application-reference[^>]*data-format="docdb"><document-id>)"
      R"(<country>(\w+)</country><doc-number>(\w+)</doc-number><kind>(\w+)</kind>)");
  ASSERT_EQ(docdb.size(), 3u) << "no DOCDB application reference";
  const std::string docdb_number = docdb[0] + docdb[1] + docdb[2];
  ASSERT_EQ(docdb_number, expected);

  const auto as_is = normalize_application_number(docdb_number);
  ASSERT_TRUE(as_is.ok()) << as_is.error().message;
  EXPECT_EQ(as_is->canonical, docdb_number);
  EXPECT_EQ(as_is->jurisdiction, "WO");

  const auto original = find_groups(
      xml, R"(<exch:application-reference data-format="original"><document-id>)"
           R"(<doc-number>([^<]+)</doc-number>)");
  ASSERT_EQ(original.size(), 1u) << "no original application reference";
  const auto from_original = normalize_application_number("PCT/" + original[0]);
  ASSERT_TRUE(from_original.ok()) << from_original.error().message;
  EXPECT_EQ(from_original->canonical, docdb_number);
  EXPECT_EQ(from_original->jurisdiction, "WO");

  const auto epodoc = find_groups(
      xml, R"(<exch:application-reference data-format="epodoc"><document-id>)"
           R"(<doc-number>([^<]+)</doc-number>)");
  ASSERT_EQ(epodoc.size(), 1u) << "no EPODOC application reference";
  const auto from_epodoc = normalize_application_number(epodoc[0]);
  ASSERT_TRUE(from_epodoc.ok()) << from_epodoc.error().message;
  EXPECT_EQ(from_epodoc->canonical, docdb_number);
}

TEST(NumbersRealData, Wo2022259205ApplicationReference) {
  // docdb IB/2022055385/W; original "IB2022/055385"; epodoc "WO2022IB55385".
  expect_application_reference("WO-2022259205-A1_544370561.xml", "IB2022055385W");
}

TEST(NumbersRealData, Wo2023012807ApplicationReference) {
  // docdb IL/2022050854/W; original "IL2022/050854"; epodoc "WO2022IL50854".
  expect_application_reference("WO-2023012807-A1_507242069.xml", "IL2022050854W");
}

TEST(NumbersRealData, UsProvisionalPriorityClaim) {
  // docdb US/202163230089/P filed 2021-08-06; original "63/230,089".
  const std::string xml = read_sample("WO-2023012807-A1_507242069.xml");
  const auto docdb = find_groups(
      xml, R"(<exch:priority-claim [^>]*data-format="docdb"><document-id>)"
           R"(<country>(\w+)</country><doc-number>(\w+)</doc-number><kind>(\w+)</kind>)"
           R"(<date>(\d{4})\d{4}</date>)");
  ASSERT_EQ(docdb.size(), 4u);
  const auto original = find_groups(
      xml, R"(<exch:priority-claim [^>]*data-format="original"><document-id>)"
           R"(<doc-number>([^<]+)</doc-number>)");
  ASSERT_EQ(original.size(), 1u);
  const std::string docdb_number = docdb[0] + docdb[1] + docdb[2];
  EXPECT_EQ(docdb_number, "US202163230089P");

  const auto as_is = normalize_application_number(docdb_number);
  ASSERT_TRUE(as_is.ok()) << as_is.error().message;
  EXPECT_EQ(as_is->canonical, docdb_number);

  const auto from_original =
      normalize_application_number(original[0], docdb[0], std::stoi(docdb[3]));
  ASSERT_TRUE(from_original.ok()) << from_original.error().message;
  EXPECT_EQ(from_original->canonical, docdb_number);
  EXPECT_EQ(from_original->jurisdiction, "US");
}

// The USPTO series form without a year: series code and serial, nothing else.
TEST(NumbersUsSeries, SeriesCodeAndSerial) {
  for (const char* spelled : {"US 18/612,345", "US 18/612345", "US18612345", "us 18-612345", "18/612,345",
                              "18/612345", " 18/612,345 ", "ＵＳ１８／６１２，３４５"}) {
    const auto s = us_series_form(spelled);
    ASSERT_TRUE(s.has_value()) << spelled;
    EXPECT_EQ(s->series, "18") << spelled;
    EXPECT_EQ(s->serial, "612345") << spelled;
  }
  // A year, a kind letter, other digit counts, other countries, or without
  // the US prefix anything but NN/NNN,NNN and NN/NNNNNN: not the series form.
  for (const char* other : {"US 2024 18/612,345", "US202418612345A", "US 61/713,164 P", "US 18/612,34",
                            "18612345", "18/6123,45", "18-612,345", "JP 18/612,345", "1/612,345", "18/612,3456",
                            "", "\xff"}) {
    EXPECT_FALSE(us_series_form(other).has_value()) << other;
  }
}

TEST(NumbersUsSeries, WrittenLikeANumber) {
  for (const char* number : {"JP 2024-1234567", "XX 123", "JP2012123456A", "特願2012-123456", "PCT/US2013/064552",
                             "13/167,395", "us 18/612,345"}) {
    EXPECT_TRUE(looks_like_application_number(number)) << number;
  }
  for (const char* code : {"U-TOKYO", "C-0001", "PKG-BATT", "STAFF-1", "AGG-JST", "4711", ""}) {
    EXPECT_FALSE(looks_like_application_number(code)) << code;
  }
}

}  // namespace
}  // namespace chizai
