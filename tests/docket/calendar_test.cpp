// The office calendars (src/docket/calendar.h) against the published lists
// and worked examples:
//  - Japan: every day the Cabinet Office's list (tests/data/calendars/
//    jp_holidays.tsv, from @holiday-jp/holiday_jp) calls a holiday is a
//    holiday by our rules, on the same date, and every holiday our rules
//    compute is in that list, for every year 2000–2040;
//  - deadlines moved by closures: 2019-04-30 → 2019-05-07, the JPO year-end,
//    US observance and Inauguration Day, EPO Easter;
//  - provisional days, years outside 2000–2040, unknown offices, bad files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "docket/calendar.h"

namespace chizai::docket {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(CHIZAI_SOURCE_DIR);
const std::string kDir = (kRoot / "config/docketing/calendars").string();

Date D(const char* s) { return Date::parse(s).value(); }

const Calendars& cal() {
  static const Calendars c = [] {
    auto loaded = Calendars::load(kDir);
    if (!loaded) ADD_FAILURE() << loaded.error().message;
    return loaded ? loaded.value() : Calendars::weekends_only();
  }();
  return c;
}

bool closed(const char* office, const char* date) {
  auto c = cal().closed(office, D(date));
  EXPECT_TRUE(c.ok()) << office << " " << date << ": " << (c ? "" : c.error().message);
  return c.ok() && *c;
}

WorkingDay next(const char* office, const char* date) {
  auto w = cal().next_working_day(office, D(date));
  EXPECT_TRUE(w.ok()) << office << " " << date << ": " << (w ? "" : w.error().message);
  return w.ok() ? *w : WorkingDay{};
}

// ---- Japan against the Cabinet Office's list ---------------------------------

std::map<Date, std::string> reference_holidays() {
  std::ifstream in(kRoot / "tests/data/calendars/jp_holidays.tsv");
  EXPECT_TRUE(in) << "tests/data/calendars/jp_holidays.tsv";
  std::map<Date, std::string> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string date, name;
    std::getline(row, date, '\t');
    std::getline(row, name, '\t');
    auto d = Date::parse(date);
    EXPECT_TRUE(d.ok()) << line;
    if (d && d->year() >= Calendars::kFirstYear && d->year() <= Calendars::kLastYear) out[*d] = name;
  }
  return out;
}

TEST(JapanCalendar, EveryPublishedHolidayIsOursAndEveryOneOfOursIsPublished) {
  const auto reference = reference_holidays();
  ASSERT_GT(reference.size(), 41u * 15) << "the reference list should cover 2000-2040";
  std::set<Date> ours;
  for (int y = Calendars::kFirstYear; y <= Calendars::kLastYear; ++y) {
    auto days = cal().closed_days("JP", y);
    ASSERT_TRUE(days.ok());
    for (const ClosedDay& c : *days) {
      if (c.holiday) ours.insert(c.date);  // not the year-end closure
    }
  }
  for (const auto& [d, name] : reference) {
    EXPECT_TRUE(ours.count(d)) << "published holiday " << d.to_string() << " " << name << " is not in our rules";
    auto c = cal().closed("JP", d);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(*c) << d.to_string() << " " << name << " should be closed";
  }
  for (Date d : ours) {
    EXPECT_TRUE(reference.count(d)) << "our holiday " << d.to_string() << " "
                                    << cal().closed_reason("JP", d).value() << " is not in the published list";
  }
}

TEST(JapanCalendar, TheOneOffDaysOf2019MoveADeadlineToMay7) {
  // 29 Apr Showa Day, 30 Apr citizens' holiday, 1 May enthronement, 2 May
  // citizens' holiday, 3–5 May, 6 May substitute holiday.
  const WorkingDay w = next("JP", "2019-04-30");
  EXPECT_EQ(w.date, D("2019-05-07"));
  EXPECT_FALSE(w.provisional);
  EXPECT_EQ(cal().closed_reason("JP", D("2019-04-30")).value(), "国民の休日 Citizens' holiday");
  EXPECT_EQ(cal().closed_reason("JP", D("2019-05-01")).value(), "天皇の即位の日 Enthronement Day");
  EXPECT_TRUE(closed("JP", "2019-10-22"));
}

TEST(JapanCalendar, TheOlympicMovesAndTheEmperorsBirthday) {
  EXPECT_TRUE(closed("JP", "2020-07-23"));   // Marine Day moved
  EXPECT_TRUE(closed("JP", "2020-07-24"));   // Sports Day moved
  EXPECT_TRUE(closed("JP", "2020-08-10"));   // Mountain Day moved
  EXPECT_FALSE(closed("JP", "2020-10-12"));  // not Sports Day that year
  EXPECT_FALSE(closed("JP", "2020-08-11"));
  EXPECT_TRUE(closed("JP", "2021-08-09"));   // substitute for Mountain Day on Sunday 8 August
  EXPECT_TRUE(closed("JP", "2018-12-24"));   // substitute for the Emperor's Birthday on a Sunday
  EXPECT_FALSE(closed("JP", "2019-12-23"));  // no Emperor's Birthday in 2019
  EXPECT_TRUE(closed("JP", "2020-02-24"));   // 23 February 2020 was a Sunday
}

TEST(JapanCalendar, TheYearEndClosureMovesADueDateToJanuary4OrLater) {
  EXPECT_EQ(next("JP", "2022-12-29").date, D("2023-01-04"));  // a Wednesday
  EXPECT_EQ(next("JP", "2025-12-29").date, D("2026-01-05"));  // 4 January 2026 is a Sunday
  EXPECT_EQ(next("JP", "2025-12-26").date, D("2025-12-26"));  // open
  EXPECT_EQ(cal().closed_reason("JP", D("2022-12-29")).value(), "年末年始 JPO year-end closure");
  auto days = cal().closed_days("JP", 2022).value();
  ASSERT_FALSE(days.empty());
  EXPECT_EQ(days.back().date, D("2022-12-31"));
  EXPECT_FALSE(days.back().holiday);
}

TEST(JapanCalendar, EquinoxDaysAfterThePublishedYearAreProvisional) {
  // jp.json: equinox days published through 2027.
  EXPECT_TRUE(cal().year_published("JP", 2027).value());
  EXPECT_FALSE(cal().year_published("JP", 2028).value());
  // 2027: vernal equinox Sunday 21 March, substitute Monday 22 March — published.
  WorkingDay w = next("JP", "2027-03-22");
  EXPECT_EQ(w.date, D("2027-03-23"));
  EXPECT_FALSE(w.provisional);
  // 2030: vernal equinox computed as Wednesday 20 March.
  EXPECT_TRUE(closed("JP", "2030-03-20"));
  w = next("JP", "2030-03-20");
  EXPECT_EQ(w.date, D("2030-03-21"));
  EXPECT_TRUE(w.provisional);
  // An open day next to a computed equinox could be the official one.
  w = next("JP", "2030-03-21");
  EXPECT_EQ(w.date, D("2030-03-21"));
  EXPECT_TRUE(w.provisional);
  // A day far from any equinox is final.
  w = next("JP", "2030-06-03");
  EXPECT_FALSE(w.provisional);
  bool found = false;
  const std::vector<ClosedDay> days = cal().closed_days("JP", 2030).value();
  for (const ClosedDay& c : days) {
    if (c.date == D("2030-03-20")) {
      found = true;
      EXPECT_TRUE(c.provisional);
    }
    if (c.date == D("2030-01-01")) {
      EXPECT_FALSE(c.provisional);
    }
  }
  EXPECT_TRUE(found);
}

// ---- United States -----------------------------------------------------------

TEST(UsCalendar, ASaturdayHolidayIsObservedOnFridayASundayOneOnMonday) {
  EXPECT_TRUE(closed("US", "2020-07-03"));  // 4 July 2020 was a Saturday
  EXPECT_EQ(next("US", "2020-07-03").date, D("2020-07-06"));
  EXPECT_EQ(cal().closed_reason("US", D("2020-07-03")).value(), "Independence Day (observed)");
  EXPECT_TRUE(closed("US", "2021-07-05"));  // 4 July 2021 was a Sunday
  EXPECT_TRUE(closed("US", "2021-12-31"));  // New Year's Day 2022 on a Saturday
  EXPECT_TRUE(closed("US", "2021-06-18"));  // the first Juneteenth, observed
  EXPECT_FALSE(closed("US", "2020-06-19")); // before Juneteenth was a holiday
  EXPECT_TRUE(closed("US", "2024-11-28"));  // Thanksgiving
  EXPECT_TRUE(closed("US", "2024-05-27"));  // Memorial Day
  EXPECT_FALSE(closed("US", "2024-11-29"));
}

TEST(UsCalendar, InaugurationDayInTheDistrictOfColumbia) {
  EXPECT_TRUE(closed("US", "2009-01-20"));
  EXPECT_EQ(next("US", "2017-01-20").date, D("2017-01-23"));  // a Friday
  EXPECT_TRUE(closed("US", "2013-01-21"));  // 20 January 2013 a Sunday (and MLK Day)
  EXPECT_FALSE(closed("US", "2010-01-20")); // not an inauguration year
  EXPECT_FALSE(closed("US", "2029-01-19")); // 20 January 2029 a Saturday: no Friday holiday
}

TEST(UsCalendar, ClosuresByExecutiveOrderComeFromTheDataFile) {
  EXPECT_TRUE(closed("US", "2018-12-05"));
  EXPECT_TRUE(closed("US", "2024-12-24"));
  EXPECT_TRUE(closed("US", "2014-12-26"));
  EXPECT_EQ(next("US", "2025-01-09").date, D("2025-01-10"));
  EXPECT_FALSE(closed("US", "2015-12-24"));  // a half-day closing: not counted
  EXPECT_FALSE(closed("US", "2016-12-23"));
  EXPECT_FALSE(next("US", "2035-07-04").provisional);
}

// ---- EPO, WIPO, national offices -----------------------------------------------

TEST(EpCalendar, EasterByTheComputus) {
  // Easter Sunday: 2024-03-31, 2030-04-21, 2038-04-25 (a late one).
  EXPECT_TRUE(closed("EP", "2024-03-29"));
  EXPECT_TRUE(closed("EP", "2024-04-01"));
  WorkingDay w = next("EP", "2024-03-29");
  EXPECT_EQ(w.date, D("2024-04-02"));
  EXPECT_TRUE(w.provisional);  // 2024 is not in ep.json: the pattern
  EXPECT_TRUE(closed("EP", "2030-04-19"));
  EXPECT_TRUE(closed("EP", "2030-04-22"));
  EXPECT_TRUE(closed("EP", "2038-04-23"));
  EXPECT_TRUE(closed("EP", "2038-04-26"));
  EXPECT_TRUE(closed("EP", "2038-06-03"));  // Ascension: Easter + 39
  EXPECT_TRUE(closed("EP", "2038-06-14"));  // Whit Monday: Easter + 50
  EXPECT_TRUE(closed("UP", "2038-06-14"));  // the Unitary Patent uses the EPO calendar
}

TEST(EpCalendar, APublishedYearIsFinalAndUsesItsList) {
  EXPECT_TRUE(cal().year_published("EP", 2020).value());
  EXPECT_FALSE(cal().year_published("EP", 2026).value());
  WorkingDay w = next("EP", "2020-04-10");  // Good Friday 2020, OJ EPO 2019, A97
  EXPECT_EQ(w.date, D("2020-04-14"));
  EXPECT_FALSE(w.provisional);
  EXPECT_TRUE(closed("EP", "2015-01-02"));   // a bridging day only that list has
  EXPECT_FALSE(closed("EP", "2026-01-02"));  // not in the pattern
  EXPECT_EQ(next("EP", "2023-12-22").date, D("2023-12-22"));
  EXPECT_EQ(next("EP", "2023-12-25").date, D("2024-01-02"));
  // Every year-end of the pattern closes 24–31 December.
  w = next("EP", "2031-12-24");
  EXPECT_EQ(w.date, D("2032-01-02"));
  EXPECT_TRUE(w.provisional);
}

TEST(WoCalendar, TheInternationalBureau) {
  EXPECT_TRUE(closed("WO", "2019-09-05"));  // Jeûne genevois, PCT Newsletter 12/2018
  EXPECT_FALSE(next("WO", "2019-09-05").provisional);
  EXPECT_TRUE(closed("WO", "2026-09-10"));  // the pattern: provisional
  EXPECT_TRUE(next("WO", "2026-09-10").provisional);
  EXPECT_FALSE(closed("WO", "2026-10-05"));  // a Monday: not a Geneva closing day
}

TEST(NationalCalendars, GermanyFranceAndGreatBritain) {
  EXPECT_TRUE(closed("DE", "2026-06-04"));   // Corpus Christi (Bavaria)
  EXPECT_TRUE(closed("DE", "2017-10-31"));   // Reformation Day 2017, de.json
  EXPECT_FALSE(closed("DE", "2018-10-31"));
  EXPECT_TRUE(closed("FR", "2026-07-14"));
  EXPECT_TRUE(closed("FR", "2026-05-08"));
  EXPECT_FALSE(closed("FR", "2026-06-04"));
  EXPECT_TRUE(closed("GB", "2022-09-19"));   // the State Funeral, gb.json
  EXPECT_FALSE(closed("GB", "2022-05-30"));  // spring bank holiday moved to 2 June
  EXPECT_TRUE(closed("GB", "2022-06-02"));
  EXPECT_TRUE(closed("GB", "2021-12-27"));   // Christmas on a Saturday
  EXPECT_TRUE(closed("GB", "2021-12-28"));   // Boxing Day on a Sunday
  EXPECT_TRUE(closed("GB", "2022-12-27"));   // Christmas on a Sunday: Tuesday
  EXPECT_EQ(next("GB", "2022-12-24").date, D("2022-12-28"));
  EXPECT_FALSE(next("GB", "2030-12-25").provisional);
}

// ---- Errors --------------------------------------------------------------------

TEST(Calendars, ADateOutside2000To2040IsRefused) {
  for (const char* d : {"1999-12-31", "2041-01-01"}) {
    auto c = cal().closed("JP", D(d));
    ASSERT_FALSE(c.ok()) << d;
    EXPECT_EQ(c.error().code, "date_outside_calendar");
    EXPECT_EQ(c.error().kind, ErrorKind::kRefused);
    auto w = cal().next_working_day("US", D(d));
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().code, "date_outside_calendar");
  }
  // 29 December 2040: the JPO reopens in 2041, after the calendars end.
  auto w = cal().next_working_day("JP", D("2040-12-29"));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, "date_outside_calendar");
  EXPECT_TRUE(cal().next_working_day("JP", D("2040-12-28")).ok());  // a Friday
  EXPECT_EQ(cal().closed_days("EP", 2041).error().code, "date_outside_calendar");
  EXPECT_EQ(Calendars::weekends_only().closed("EP", D("1999-01-01")).error().code, "date_outside_calendar");
}

TEST(Calendars, AnUnknownOfficeIsNamed) {
  for (const char* office : {"XX", "jp", "CN", ""}) {
    auto c = cal().closed(office, D("2026-01-05"));
    ASSERT_FALSE(c.ok()) << office;
    EXPECT_EQ(c.error().code, "unknown_office");
    EXPECT_EQ(c.error().kind, ErrorKind::kInvalid);
    EXPECT_NE(c.error().message.find("'" + std::string(office) + "'"), std::string::npos) << c.error().message;
    EXPECT_EQ(cal().next_working_day(office, D("2026-01-05")).error().code, "unknown_office");
    EXPECT_EQ(cal().closed_days(office, 2026).error().code, "unknown_office");
  }
}

TEST(Calendars, WeekendsOnlyKnowsNoHolidays) {
  const Calendars w = Calendars::weekends_only();
  EXPECT_FALSE(w.closed("JP", D("2026-01-01")).value());
  EXPECT_TRUE(w.closed("JP", D("2026-01-03")).value());
  EXPECT_EQ(w.next_working_day("US", D("2026-07-04")).value().date, D("2026-07-06"));
  EXPECT_FALSE(w.next_working_day("EP", D("2030-12-25")).value().provisional);
  EXPECT_TRUE(w.closed_days("JP", 2026).value().empty());
}

class CalendarFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chizai-calendar-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& entry : fs::directory_iterator(kDir)) fs::copy_file(entry.path(), dir_ / entry.path().filename());
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const char* name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  Error load_error() {
    auto c = Calendars::load(dir_.string());
    EXPECT_FALSE(c.ok());
    return c ? Error{} : c.error();
  }
  fs::path dir_;
};

TEST_F(CalendarFiles, TheCopyLoads) { EXPECT_TRUE(Calendars::load(dir_.string()).ok()); }

TEST_F(CalendarFiles, AMissingFileIsAnIoErrorNamingIt) {
  fs::remove(dir_ / "ep.json");
  const Error e = load_error();
  EXPECT_EQ(e.code, "io_error");
  EXPECT_NE(e.message.find("ep.json"), std::string::npos) << e.message;
}

TEST_F(CalendarFiles, AMalformedFileNamesTheFileAndTheEntry) {
  write("ep.json", "{\"office\": \"EP\", \"published\": [");
  Error e = load_error();
  EXPECT_EQ(e.code, "bad_file");
  EXPECT_NE(e.message.find("ep.json"), std::string::npos) << e.message;

  write("us.json", R"({"office": "US", "extra_closed": [{"date": "2024-12-24", "name": "x", "source": "s"},
                       {"date": "2024-13-01", "name": "y", "source": "s"}]})");
  write("ep.json", R"({"office": "EP"})");
  e = load_error();
  EXPECT_EQ(e.code, "bad_file");
  EXPECT_NE(e.message.find("us.json: extra_closed[1].date"), std::string::npos) << e.message;

  write("us.json", R"({"office": "US", "extra_closed": [{"date": "2024-12-24", "name": "x"}]})");
  e = load_error();
  EXPECT_NE(e.message.find("extra_closed[0].source"), std::string::npos) << e.message;

  write("us.json", R"({"office": "US"})");
  write("ep.json", R"({"office": "EP", "published": [{"year": 2024, "source": "s",
                       "closed": [{"date": "2025-01-01", "name": "x"}]}]})");
  e = load_error();
  EXPECT_NE(e.message.find("published[0].closed[0].date"), std::string::npos) << e.message;

  write("ep.json", R"({"office": "EP", "publishd": []})");
  e = load_error();
  EXPECT_NE(e.message.find("publishd"), std::string::npos) << e.message;

  write("ep.json", R"({"office": "EP"})");
  write("jp.json", R"({"office": "JP"})");
  e = load_error();
  EXPECT_NE(e.message.find("jp.json: equinox_published_through"), std::string::npos) << e.message;

  write("jp.json", R"({"office": "US", "equinox_published_through": 2027, "equinox_source": "s"})");
  e = load_error();
  EXPECT_NE(e.message.find("expected JP"), std::string::npos) << e.message;
}

TEST_F(CalendarFiles, APublishedListMakesAYearFinal) {
  write("ep.json", R"({"office": "EP", "published": [{"year": 2030, "source": "OJ EPO 2029, A1",
                       "closed": [{"date": "2030-04-19", "name": "Good Friday"}]}]})");
  auto c = Calendars::load(dir_.string());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->year_published("EP", 2030).value());
  const WorkingDay w = c->next_working_day("EP", D("2030-04-19")).value();
  EXPECT_EQ(w.date, D("2030-04-22"));  // Easter Monday is not in this (made-up) list
  EXPECT_FALSE(w.provisional);
}

// The pattern used for years without a published list reproduces the
// published lists: with the lists removed, the computed 2015, 2020 and 2023
// (EP) and 2017, 2019 (WO) differ from them only on the bridging days the
// pattern cannot know.
TEST_F(CalendarFiles, ThePatternReproducesThePublishedLists) {
  write("ep.json", R"({"office": "EP"})");
  write("wo.json", R"({"office": "WO"})");
  auto pattern = Calendars::load(dir_.string());
  ASSERT_TRUE(pattern.ok()) << pattern.error().message;
  const std::map<std::string, std::set<Date>> bridging = {
      {"EP", {D("2015-01-02")}}, {"WO", {D("2017-12-29")}}};
  const std::map<std::string, std::vector<int>> years = {{"EP", {2015, 2020, 2023}}, {"WO", {2017, 2019}}};
  for (const auto& [office, list] : years) {
    for (int y : list) {
      ASSERT_TRUE(cal().year_published(office, y).value()) << office << " " << y;
      int differences = 0;
      for (Date d = D((std::to_string(y) + "-01-01").c_str()); d.year() == y; d = d.add_days(1)) {
        const bool published = cal().closed(office, d).value();
        const bool computed = pattern->closed(office, d).value();
        if (published == computed) continue;
        ++differences;
        EXPECT_TRUE(bridging.at(office).count(d))
            << office << " " << d.to_string() << ": published " << published << ", pattern " << computed;
      }
      EXPECT_LE(differences, 1) << office << " " << y;
    }
  }
}

}  // namespace
}  // namespace chizai::docket
