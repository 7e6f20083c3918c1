// The rule book (config/docketing/) and the rules engine on worked examples.
// Each expected date and amount is derived in a comment from the statute or
// fee schedule the rule file cites; the calendar is weekends only
// (Calendars::weekends_only()) unless a test says otherwise.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include "docket/engine.h"

namespace chizai::docket {
namespace {

const std::string kBook = std::string(CHIZAI_SOURCE_DIR) + "/config/docketing";

Date d(const char* s) { return Date::parse(s).value(); }

const RuleBook& book() {
  static const RuleBook b = [] {
    auto r = RuleBook::load(kBook);
    if (!r) throw std::runtime_error(r.error().message);
    return r.value();
  }();
  return b;
}

const Calendars& cal() {
  static const Calendars c = Calendars::weekends_only();
  return c;
}

OwnerFacts owner(const char* code, InstitutionKind kind, const char* country, std::int64_t num, std::int64_t den) {
  return OwnerFacts{code, kind, country, Fraction::make(num, den).value()};
}

Application app(const char* jurisdiction, const char* filed) {
  Application a;
  a.patent_id = 1;
  a.number = std::string(jurisdiction) + "-1";
  a.jurisdiction = jurisdiction;
  a.filing_date = d(filed);
  a.owners.push_back(owner("U-A", InstitutionKind::kUniversity, "JP", 1, 1));
  return a;
}

void add(Application& a, EventKind kind, const char* date, std::string reference = {}, std::string value = {}) {
  Event e;
  e.kind = kind;
  e.date = d(date);
  e.reference = std::move(reference);
  e.value = std::move(value);
  a.events.push_back(e);
  std::stable_sort(a.events.begin(), a.events.end(), [](const Event& x, const Event& y) { return x.date < y.date; });
}

std::vector<Task> tasks(const Application& a) {
  auto t = compute_tasks(a, book(), cal());
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? t.value() : std::vector<Task>{};
}

const Task* find(const std::vector<Task>& ts, const std::string& key) {
  for (const Task& t : ts) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

Task get(const std::vector<Task>& ts, const std::string& key) {
  const Task* t = find(ts, key);
  if (!t) {
    std::string keys;
    for (const Task& x : ts) keys += x.key + " ";
    ADD_FAILURE() << "no task " << key << " among: " << keys;
    return Task{};
  }
  return *t;
}

std::int64_t paid(const Application& a, const Task& t, const char* on) {
  auto f = fee_on(a, t, d(on), book());
  EXPECT_TRUE(f.ok()) << t.key << " on " << on << ": " << (f.ok() ? "" : f.error().message);
  if (!f.ok()) return -1;
  return f->late ? f->late_amount : f->amount;
}

// ---- The book -------------------------------------------------------------

TEST(RuleBook, LoadsEveryJurisdictionWithAVersionOverTheFiles) {
  const std::string& v = book().version();
  EXPECT_EQ(v.size(), 64u);
  auto again = RuleBook::load(kBook);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version(), v);
  std::map<std::string, int> per;
  for (const auto& t : book().table_versions()) {
    ++per[t.jurisdiction + "/" + t.table];
    EXPECT_FALSE(t.source.empty()) << t.jurisdiction << "/" << t.table;
  }
  EXPECT_EQ(per["JP/annual"], 2);         // 2016-04-01 and 2022-04-01
  EXPECT_EQ(per["US/maintenance"], 3);    // 2020-10-02, 2022-12-29, 2025-01-19
  EXPECT_EQ(per["EP/renewal"], 2);        // 2023-04-01 and 2024-04-01
  for (const char* s : {"DE/renewal", "FR/renewal", "GB/renewal", "UP/renewal"}) EXPECT_EQ(per[s], 1) << s;
}

// Past table versions never change: tests/data/docketing/versions.tsv holds a
// SHA-256 of each (jurisdiction, table, valid_from). A new version is a new
// line; an edited past version fails here.
TEST(RuleBook, PastFeeTableVersionsAreUnchanged) {
  std::ifstream in(std::string(CHIZAI_SOURCE_DIR) + "/tests/data/docketing/versions.tsv");
  ASSERT_TRUE(in) << "tests/data/docketing/versions.tsv";
  std::map<std::string, std::string> listed;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream cols(line);
    std::string j, t, from, sha;
    ASSERT_TRUE(std::getline(cols, j, '\t') && std::getline(cols, t, '\t') && std::getline(cols, from, '\t') &&
                std::getline(cols, sha, '\t'))
        << line;
    listed[j + "\t" + t + "\t" + from] = sha;
  }
  std::string missing;
  for (const auto& v : book().table_versions()) {
    const std::string key = v.jurisdiction + "\t" + v.table + "\t" + v.valid_from.to_string();
    auto it = listed.find(key);
    if (it == listed.end()) {
      missing += key + "\t" + v.sha256 + "\n";
      continue;
    }
    EXPECT_EQ(it->second, v.sha256) << "fee table " << v.jurisdiction << "/" << v.table << "@" << v.valid_from.to_string()
                                    << " changed: a past version is never edited; add a version with a new valid_from";
    listed.erase(it);
  }
  EXPECT_TRUE(missing.empty()) << "new table versions: add these lines to tests/data/docketing/versions.tsv\n"
                               << missing;
  for (const auto& [key, sha] : listed) ADD_FAILURE() << "a listed table version is gone from the book: " << key;
}

class BookDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("chizai-rules-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Error load_with(const std::string& file, const std::string& text) {
    std::ofstream(dir_ / file) << text;
    auto r = RuleBook::load(dir_.string());
    EXPECT_FALSE(r.ok());
    return r.ok() ? Error{} : r.error();
  }
  std::filesystem::path dir_;
};

const char* kGoodTable =
    R"({"table": "renewal", "valid_from": "2024-04-01", "source": "RFees", "rows": [{"from": 3, "to": 3, "base": 100}]})";

TEST_F(BookDir, AnUnknownKeyInARowNamesTheFileAndTheEntry) {
  const Error e = load_with("XX.json", R"({"jurisdiction": "XX", "currency": "EUR", "rules": {}, "fee_tables": [)" +
                                           std::string(kGoodTable) +
                                           R"(, {"table": "renewal", "valid_from": "2025-04-01", "source": "s",
                                               "rows": [{"from": 3, "to": 3, "bsae": 100}]}]})");
  EXPECT_EQ(e.code, "rule_book_invalid");
  EXPECT_NE(e.message.find("XX.json"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("fee_tables[1]"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("rows[0]"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("bsae"), std::string::npos) << e.message;
}

TEST_F(BookDir, ASecondVersionOnTheSameDayIsRefused) {
  const Error e = load_with("XX.json", R"({"jurisdiction": "XX", "currency": "EUR", "rules": {}, "fee_tables": [)" +
                                           std::string(kGoodTable) + "," + kGoodTable + "]}");
  EXPECT_NE(e.message.find("fee_tables[1]"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("second version"), std::string::npos) << e.message;
}

TEST_F(BookDir, ATableWithoutSourceAndARuleWithoutSourceAreRefused) {
  Error e = load_with("XX.json", R"({"jurisdiction": "XX", "currency": "EUR", "rules": {}, "fee_tables": [
      {"table": "renewal", "valid_from": "2024-04-01", "rows": [{"from": 3, "to": 3, "base": 100}]}]})");
  EXPECT_NE(e.message.find("'source' is required"), std::string::npos) << e.message;
  std::filesystem::remove(dir_ / "XX.json");
  e = load_with("XX.json", R"({"jurisdiction": "XX", "currency": "EUR", "rules": {"expiry": {"years": 20}}})");
  EXPECT_NE(e.message.find("rules.expiry"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("'source' is required"), std::string::npos) << e.message;
}

TEST_F(BookDir, BrokenJsonAMisnamedFileAndAnUnknownTableAreRefused) {
  Error e = load_with("XX.json", R"({"jurisdiction": "XX", )");
  EXPECT_NE(e.message.find("XX.json"), std::string::npos);
  EXPECT_NE(e.message.find("not valid JSON"), std::string::npos) << e.message;
  std::filesystem::remove(dir_ / "XX.json");
  e = load_with("XY.json", R"({"jurisdiction": "XX", "currency": "EUR", "rules": {}})");
  EXPECT_NE(e.message.find("does not match the file name"), std::string::npos) << e.message;
  std::filesystem::remove(dir_ / "XY.json");
  e = load_with("XX.json", R"({"jurisdiction": "XX", "currency": "EUR", "rules": {"renewal_fee": {"table": "nope",
      "phase": "application", "first_year": 3, "last_year": 20, "window_months": 3, "grace_months": 6, "source": "s"}}})");
  EXPECT_NE(e.message.find("rules.renewal_fee"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("'nope'"), std::string::npos) << e.message;
}

TEST_F(BookDir, OverlappingRowsAndAnEmptyDirectoryAreRefused) {
  Error e = load_with("XX.json", R"({"jurisdiction": "XX", "currency": "EUR", "rules": {}, "fee_tables": [
      {"table": "renewal", "valid_from": "2024-04-01", "source": "s",
       "rows": [{"from": 3, "to": 5, "base": 100}, {"from": 5, "to": 6, "base": 200}]}]})");
  EXPECT_NE(e.message.find("rows[1]"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("overlap"), std::string::npos) << e.message;
  std::filesystem::remove(dir_ / "XX.json");
  auto empty = RuleBook::load(dir_.string());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "rule_book_unreadable");
}

// ---- Paris priority, PCT national phase, JP examination --------------------

TEST(Rules, ParisPriorityIsTwelveMonthsSixForDesignsMovedOffTheWeekend) {
  // Paris Convention art. 4C(1): filed Fri 2023-03-10 → 2024-03-10, a Sunday → Mon 2024-03-11.
  Application a = app("JP", "2023-03-10");
  Task t = get(tasks(a), "paris.priority");
  EXPECT_EQ(t.nominal_due, d("2024-03-10"));
  EXPECT_EQ(t.due, d("2024-03-11"));
  EXPECT_FALSE(t.fee);
  // A design: 6 months → Sun 2023-09-10 → Mon 2023-09-11.
  a.kind = PatentKind::kDesign;
  t = get(tasks(a), "paris.priority");
  EXPECT_EQ(t.due, d("2023-09-11"));
  // A later filing claiming priority has no Paris task.
  a.kind = PatentKind::kPatent;
  a.earliest_priority = d("2022-09-01");
  EXPECT_FALSE(find(tasks(a), "paris.priority"));
}

TEST(Rules, PctNationalPhaseIsThirtyMonthsFromTheEarliestPriorityThirtyOneForEp) {
  // PCT art. 22(1): priority 2021-06-15 + 30 months = Fri 2023-12-15;
  // EPC Rule 159(1): + 31 months = Mon 2024-01-15.
  Application a = app("WO", "2022-05-20");
  a.kind = PatentKind::kPct;
  a.earliest_priority = d("2021-06-15");
  add(a, EventKind::kNationalPhaseEntry, "2023-11-01", "JP");
  auto ts = tasks(a);
  EXPECT_EQ(get(ts, "pct.national.JP").due, d("2023-12-15"));
  EXPECT_EQ(get(ts, "pct.national.JP").performed_on, d("2023-11-01"));
  EXPECT_EQ(get(ts, "pct.national.US").due, d("2023-12-15"));
  EXPECT_FALSE(get(ts, "pct.national.US").performed_on);
  EXPECT_EQ(get(ts, "pct.national.EP").due, d("2024-01-15"));
  EXPECT_EQ(get(ts, "pct.national.EP").jurisdiction, "EP");
  EXPECT_FALSE(find(ts, "paris.priority"));
  EXPECT_FALSE(find(ts, "expiry"));
  // Without a priority claim the months run from the international filing date:
  // 2022-05-20 + 30 months = Wed 2024-11-20.
  a.earliest_priority.reset();
  EXPECT_EQ(get(tasks(a), "pct.national.CN").due, d("2024-11-20"));
}

TEST(Rules, JpExaminationRequestIsThreeYearsFromFilingOrTheInternationalFilingDate) {
  // 特許法48条の3: filed 2021-07-10 → Wed 2024-07-10.
  Application a = app("JP", "2021-07-10");
  Task t = get(tasks(a), "jp.examination");
  EXPECT_EQ(t.due, d("2024-07-10"));
  EXPECT_FALSE(t.performed_on);
  // A national phase (184条の17): international filing 2020-02-29 + 3 years
  // = 2023-02-28 (a Tuesday; no 29th that year).
  Application n = app("JP", "2022-08-01");
  n.earliest_priority = d("2019-03-01");
  add(n, EventKind::kInternationalFiling, "2020-02-29", "PCT/JP2020/000001");
  add(n, EventKind::kExaminationRequest, "2022-09-01");
  t = get(tasks(n), "jp.examination");
  EXPECT_EQ(t.due, d("2023-02-28"));
  EXPECT_EQ(t.performed_on, d("2022-09-01"));
}

// ---- JP annual fees ---------------------------------------------------------

// One university owner (JP), 5 claims, examination requested 2019-05-10
// (on or after 2019-04-01: 特許法109条の2, half of years 1-10), allowance
// (特許査定) Wed 2021-09-01, registration 2021-10-15.
Application jp_granted() {
  Application a = app("JP", "2018-05-08");
  a.claims = 5;
  add(a, EventKind::kExaminationRequest, "2019-05-10");
  add(a, EventKind::kAllowance, "2021-09-01");
  add(a, EventKind::kGrant, "2021-10-15", "7000001");
  return a;
}

TEST(JpAnnual, YearsOneToThreeWithinThirtyDaysOfTheAllowanceHalvedForAUniversity) {
  // 108条1項: 2021-09-01 + 30 days = Fri 2021-10-01. Table in force that day
  // (2016-04-01): 2,100 + 200 × 5 = 3,100 a year; half = 1,550; × 3 = 4,650.
  const Application a = jp_granted();
  Task t = get(tasks(a), "jp.annual.1-3");
  EXPECT_EQ(t.due, d("2021-10-01"));
  EXPECT_EQ(t.window_start, d("2021-09-01"));
  EXPECT_FALSE(t.grace_end);  // no late payment for years 1-3 (112条 covers year 4 on)
  ASSERT_TRUE(t.fee);
  EXPECT_EQ(t.fee->amount, 4650);
  EXPECT_EQ(t.fee->currency, "JPY");
  EXPECT_EQ(t.fee->table, "JP/annual@2016-04-01");
  ASSERT_EQ(t.fee->shares.size(), 1u);
  EXPECT_EQ(t.fee->shares[0].institution, "U-A");
  EXPECT_EQ(t.fee->shares[0].amount, 4650);
}

TEST(JpAnnual, YearFourOnFallsOnTheRegistrationAnniversaryUntilTheTermEnds) {
  // 108条2項: year 4 by grant + 3 years = Tue 2024-10-15; 2022 table:
  // 10,300 + 800 × 5 = 14,300; half (year ≤ 10) = 7,150; 112条: late with a
  // surcharge equal to the fee = 14,300 until 2025-04-15.
  const auto ts = tasks(jp_granted());
  Task y4 = get(ts, "jp.annual.4");
  EXPECT_EQ(y4.due, d("2024-10-15"));
  EXPECT_EQ(y4.grace_end, d("2025-04-15"));
  ASSERT_TRUE(y4.fee);
  EXPECT_EQ(y4.fee->amount, 7150);
  EXPECT_EQ(y4.fee->late_amount, 14300);
  EXPECT_EQ(y4.fee->table, "JP/annual@2022-04-01");
  // Year 11: no reduction: 59,400 + 4,600 × 5 = 82,400, due grant + 10
  // years = Wed 2031-10-15.
  Task y11 = get(ts, "jp.annual.11");
  EXPECT_EQ(y11.due, d("2031-10-15"));
  EXPECT_EQ(y11.fee->amount, 82400);
  // The term ends 2038-05-08 (67条1項): year 17 starts 2037-10-15, year 18
  // would start 2038-10-15, after it.
  EXPECT_TRUE(find(ts, "jp.annual.17"));
  EXPECT_FALSE(find(ts, "jp.annual.18"));
  EXPECT_EQ(get(ts, "expiry").due, d("2038-05-08"));
}

TEST(JpAnnual, OnTheLastDayItIsTheFeeTheDayAfterItIsDoubled) {
  const Application a = jp_granted();
  const Task y4 = get(tasks(a), "jp.annual.4");
  EXPECT_EQ(paid(a, y4, "2024-10-15"), 7150);   // the last day of the period
  EXPECT_EQ(paid(a, y4, "2024-10-16"), 14300);  // the first day of the grace period
  EXPECT_EQ(paid(a, y4, "2025-04-15"), 14300);  // the last day of grace
  auto late = fee_on(a, y4, d("2025-04-16"), book());
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, "fee_outside_window");
}

TEST(JpAnnual, TheTableIsTheOneInForceOnThePaymentDay) {
  // Allowance 2022-03-10 → 30 days = Sat 2022-04-09 → Mon 2022-04-11.
  // Paid Thu 2022-03-31 (old table): 2,100 + 1,000 = 3,100 → 1,550 × 3 = 4,650.
  // Paid Fri 2022-04-01 (new table): 4,300 + 1,500 = 5,800 → 2,900 × 3 = 8,700.
  Application a = app("JP", "2019-06-01");
  a.claims = 5;
  add(a, EventKind::kExaminationRequest, "2019-06-01");
  add(a, EventKind::kAllowance, "2022-03-10");
  const Task t = get(tasks(a), "jp.annual.1-3");
  EXPECT_EQ(t.due, d("2022-04-11"));
  EXPECT_EQ(t.fee->amount, 8700);  // forecast: the table on the due date
  EXPECT_EQ(paid(a, t, "2022-03-31"), 4650);
  EXPECT_EQ(paid(a, t, "2022-04-01"), 8700);
  auto early = fee_on(a, t, d("2022-03-09"), book());
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "fee_outside_window");
}

TEST(JpAnnual, TheUniversityReductionDependsOnWhenExaminationWasRequested) {
  // Requested 2019-03-31: the old rules — 産業技術力強化法17条 (half of years
  // 1-3) extended to years 4-10 for fees paid from 2012-04-01 (平成23年法律
  // 第63号). Requested 2019-04-01: 特許法109条の2 (half of years 1-10). For
  // a fee paid today both halve years 1-10: year 4 7,150, year 11 82,400.
  for (const char* requested : {"2019-03-31", "2019-04-01"}) {
    Application a = jp_granted();
    a.events.erase(a.events.begin());
    add(a, EventKind::kExaminationRequest, requested);
    auto ts = tasks(a);
    EXPECT_EQ(get(ts, "jp.annual.1-3").fee->amount, 4650) << requested;
    EXPECT_EQ(get(ts, "jp.annual.4").fee->amount, 7150) << requested;
    EXPECT_EQ(get(ts, "jp.annual.10").fee->amount, (59400 + 4600 * 5) / 2) << requested;
    EXPECT_EQ(get(ts, "jp.annual.11").fee->amount, 82400) << requested;
  }
  // Without a recorded examination request the reduction cannot be known: full fee.
  Application unknown = jp_granted();
  unknown.events.erase(unknown.events.begin());
  EXPECT_EQ(get(tasks(unknown), "jp.annual.4").fee->amount, 14300);
  // A company pays the full fee; so does a university abroad (大学等 are Japanese).
  Application company = jp_granted();
  company.owners = {owner("C-B", InstitutionKind::kCompany, "JP", 1, 1)};
  EXPECT_EQ(get(tasks(company), "jp.annual.4").fee->amount, 14300);
  company.owners = {owner("U-X", InstitutionKind::kUniversity, "US", 1, 1)};
  EXPECT_EQ(get(tasks(company), "jp.annual.4").fee->amount, 14300);
}

// The dates of a reduction on both sides, on a book of one table from 2000:
// examination requested before 2019-04-01 halves years 1-3, and years 4-10
// only for fees paid from 2012-04-01; requested from 2019-04-01, years 1-10.
TEST_F(BookDir, ReductionsApplyByExaminationDateAndPaymentDate) {
  std::ofstream(dir_ / "JP.json") << R"({"jurisdiction": "JP", "currency": "JPY",
    "rules": {"annual_fee": {"table": "annual", "first_years": 3, "first_days_after_allowance": 30,
      "grace_months": 6, "surcharge_percent": 100, "last_year": 20, "source": "s"}},
    "fee_tables": [{"table": "annual", "valid_from": "2000-01-01", "source": "s",
      "rows": [{"from": 1, "to": 20, "base": 1000}]}],
    "reductions": [
      {"id": "a", "table": "annual", "examination_to": "2019-03-31", "kinds": ["university"],
       "from": 1, "to": 3, "pay": "1/2", "source": "s"},
      {"id": "b", "table": "annual", "examination_to": "2019-03-31", "paid_from": "2012-04-01",
       "kinds": ["university"], "from": 4, "to": 10, "pay": "1/2", "source": "s"},
      {"id": "c", "table": "annual", "examination_from": "2019-04-01", "kinds": ["university"],
       "from": 1, "to": 10, "pay": "1/2", "source": "s"}]})";
  auto b = RuleBook::load(dir_.string());
  ASSERT_TRUE(b.ok()) << b.error().message;
  Application a = app("JP", "2005-01-10");
  add(a, EventKind::kExaminationRequest, "2006-01-10");
  add(a, EventKind::kAllowance, "2008-02-01");
  add(a, EventKind::kGrant, "2008-03-03", "4000001");  // year 4 due 2011-03-03, year 5 2012-03-03
  auto ts = compute_tasks(a, *b, cal());
  ASSERT_TRUE(ts.ok());
  ASSERT_TRUE(get(*ts, "jp.annual.1-3").fee);
  EXPECT_EQ(get(*ts, "jp.annual.1-3").fee->amount, 1500);
  const Task y5 = get(*ts, "jp.annual.5");
  EXPECT_EQ(y5.fee->amount, 1000);  // due 2012-03-05: before 2012-04-01
  EXPECT_EQ(fee_on(a, y5, d("2012-03-05"), *b)->amount, 1000);
  EXPECT_EQ(get(*ts, "jp.annual.6").fee->amount, 500);  // due 2013-03-04
  // Requested 2019-03-31 vs 2019-04-01: year 11 full for both, year 1 halved by a vs c.
  for (const char* requested : {"2019-03-31", "2019-04-01"}) {
    Application n = app("JP", "2018-01-10");
    add(n, EventKind::kExaminationRequest, requested);
    add(n, EventKind::kAllowance, "2020-02-03");
    add(n, EventKind::kGrant, "2020-03-02", "6000001");
    auto nt = compute_tasks(n, *b, cal());
    ASSERT_TRUE(nt.ok());
    EXPECT_EQ(get(*nt, "jp.annual.1-3").fee->amount, 1500) << requested;
    EXPECT_EQ(get(*nt, "jp.annual.4").fee->amount, 500) << requested;
    EXPECT_EQ(get(*nt, "jp.annual.11").fee->amount, 1000) << requested;
  }
  // A company never gets the university reduction.
  a.owners = {owner("C-B", InstitutionKind::kCompany, "JP", 1, 1)};
  EXPECT_EQ(get(*compute_tasks(a, *b, cal()), "jp.annual.6").fee->amount, 1000);
}

TEST(JpAnnual, CoOwnersPayShareByShareWithTheirOwnReductionTruncatedBelowTenYen) {
  // 2 claims, university 1/3 (half), company 2/3 (full), 2022 table.
  // Year 4: 10,300 + 800 × 2 = 11,900. University: 11,900 × 1/3 × 1/2 =
  // 1,983.33…; company: 11,900 × 2/3 = 7,933.33…; sum 9,916.66… → 9,910
  // (10-yen truncation), split 1 : 4 → 1,982 and 7,928.
  Application a = jp_granted();
  a.claims = 2;
  a.owners = {owner("U-A", InstitutionKind::kUniversity, "JP", 1, 3),
              owner("C-B", InstitutionKind::kCompany, "JP", 2, 3)};
  const auto ts = tasks(a);
  const Task y4 = get(ts, "jp.annual.4");
  EXPECT_EQ(y4.fee->amount, 9910);
  ASSERT_EQ(y4.fee->shares.size(), 2u);
  EXPECT_EQ(y4.fee->shares[0].institution, "U-A");
  EXPECT_EQ(y4.fee->shares[0].amount, 1982);
  EXPECT_EQ(y4.fee->shares[1].institution, "C-B");
  EXPECT_EQ(y4.fee->shares[1].amount, 7928);
  // Years 1-3 (2016 table on 2021-10-01): 2,100 + 400 = 2,500 a year;
  // 416.66… + 1,666.66… = 2,083.33… → 2,080 a year (truncated per year),
  // × 3 = 6,240: 1,248 + 4,992.
  const Task y13 = get(ts, "jp.annual.1-3");
  EXPECT_EQ(y13.fee->amount, 6240);
  EXPECT_EQ(y13.fee->shares[0].amount, 1248);
  EXPECT_EQ(y13.fee->shares[1].amount, 4992);
  // Late (112条2項): the surcharge equals each owner's fee: 19,820 = 3,964 + 15,856.
  auto late = fee_on(a, y4, d("2024-11-01"), book());
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->late);
  EXPECT_EQ(late->late_amount, 19820);
  EXPECT_EQ(late->shares[0].amount, 3964);
  EXPECT_EQ(late->shares[1].amount, 15856);
}

TEST(JpAnnual, AnAggregatorUnderAssignmentPaysAlone) {
  Application a = jp_granted();
  a.payer = Payer::kAggregator;
  a.payer_institution = "AGG";
  const Task y4 = get(tasks(a), "jp.annual.4");
  ASSERT_EQ(y4.fee->shares.size(), 1u);
  EXPECT_EQ(y4.fee->shares[0].institution, "AGG");
  EXPECT_EQ(y4.fee->shares[0].amount, y4.fee->amount);
}

TEST(JpAnnual, AnUnknownClaimCountIsOneClaimAndSaysSo) {
  Application a = jp_granted();
  a.claims.reset();
  const Task y4 = get(tasks(a), "jp.annual.4");
  EXPECT_EQ(y4.fee->amount, (10300 + 800) / 2);  // 5,550
  EXPECT_NE(y4.fee->note.find("claim count unknown"), std::string::npos);
}

// ---- Recomputation ----------------------------------------------------------

TEST(Recompute, AGrantAddsAnnualFeesALapseRemovesLaterTasksKeysStayTheSame) {
  Application a = app("JP", "2018-05-08");
  a.claims = 5;
  add(a, EventKind::kExaminationRequest, "2019-05-10");
  auto before = tasks(a);
  EXPECT_FALSE(find(before, "jp.annual.1-3"));  // no allowance yet: not produced
  EXPECT_FALSE(find(before, "jp.annual.4"));
  add(a, EventKind::kAllowance, "2021-09-01");
  auto allowed = tasks(a);
  EXPECT_TRUE(find(allowed, "jp.annual.1-3"));
  EXPECT_FALSE(find(allowed, "jp.annual.4"));  // no registration yet
  add(a, EventKind::kGrant, "2021-10-15", "7000001");
  auto granted = tasks(a);
  EXPECT_TRUE(find(granted, "jp.annual.4"));
  for (const Task& t : before) {  // every earlier task keeps its key and date
    const Task* same = find(granted, t.key);
    ASSERT_TRUE(same) << t.key;
    EXPECT_EQ(same->due, t.due) << t.key;
  }
  // Lapse on 2026-01-01: year 5 (2025-10-15) stays, year 6 (2026-10-15) and
  // the term's end go.
  add(a, EventKind::kLapse, "2026-01-01");
  auto lapsed = tasks(a);
  EXPECT_TRUE(find(lapsed, "jp.annual.5"));
  EXPECT_FALSE(find(lapsed, "jp.annual.6"));
  EXPECT_FALSE(find(lapsed, "expiry"));
  for (const Task& t : lapsed) EXPECT_LE(t.nominal_due, d("2026-01-01")) << t.key;
  EXPECT_TRUE(std::is_sorted(granted.begin(), granted.end(),
                             [](const Task& x, const Task& y) { return x.due < y.due; }));
}

TEST(Recompute, ADateBeyondTheCalendarsIsKeptUnmovedAndProvisional) {
  // Filed 2021-01-10 with a 100-day term adjustment: the term ends
  // 2041-04-20. Granted 2022-01-05, year 20 falls 2041-01-05, outside the
  // calendars (2000-2040): kept on its nominal date, marked provisional.
  Application a = app("JP", "2021-01-10");
  a.claims = 1;
  add(a, EventKind::kAllowance, "2021-12-01");
  add(a, EventKind::kGrant, "2022-01-05", "7000002");
  Event adj;
  adj.kind = EventKind::kTermAdjustment;
  adj.date = d("2022-02-01");
  adj.days = 100;
  a.events.push_back(adj);
  auto ts = tasks(a);
  const Task y20 = get(ts, "jp.annual.20");
  EXPECT_EQ(y20.nominal_due, d("2041-01-05"));
  EXPECT_EQ(y20.due, d("2041-01-05"));
  EXPECT_TRUE(y20.provisional);
  EXPECT_FALSE(get(ts, "jp.annual.19").provisional);
  EXPECT_EQ(get(ts, "expiry").due, d("2041-04-20"));
}

// ---- Expiry -----------------------------------------------------------------

TEST(Expiry, TwentyYearsFromTheRightDateMovedByTermAdjustments) {
  // A US continuation: the term runs from the parent (35 U.S.C. 154(a)(2)):
  // 2015-06-30 + 20 years = 2035-06-30, + 45 days PTA = 2035-08-14.
  Application c = app("US", "2019-03-01");
  c.term_base = d("2015-06-30");
  Event pta;
  pta.kind = EventKind::kTermAdjustment;
  pta.date = d("2021-01-05");
  pta.days = 45;
  c.events.push_back(pta);
  EXPECT_EQ(get(tasks(c), "expiry").due, d("2035-08-14"));
  EXPECT_FALSE(find(tasks(c), "paris.priority"));  // a continuation is no first filing
  // A JP national phase: from the international filing date 2016-08-31.
  Application n = app("JP", "2019-02-28");
  n.earliest_priority = d("2015-09-01");
  add(n, EventKind::kInternationalFiling, "2016-08-31");
  EXPECT_EQ(get(tasks(n), "expiry").due, d("2036-08-31"));
}

// ---- US maintenance fees ----------------------------------------------------

// Granted Tue 2019-07-02, filed 2017-01-10, small entity from 2018-01-01.
Application us_granted() {
  Application a = app("US", "2017-01-10");
  a.owners = {owner("U-A", InstitutionKind::kUniversity, "US", 1, 2),
              owner("U-B", InstitutionKind::kUniversity, "US", 1, 2)};
  add(a, EventKind::kEntityStatus, "2018-01-01", "", "small");
  add(a, EventKind::kGrant, "2019-07-02", "10000001");
  return a;
}

TEST(UsMaintenance, DueThreeAndAHalfSevenAndAHalfElevenAndAHalfYearsAfterGrant) {
  // 35 U.S.C. 41(b): grant + 42 months = Mon 2023-01-02; window opens
  // 6 months before (37 CFR 1.362(d)) = 2022-07-02; grace to grant + 48
  // months = Sun 2023-07-02 → Mon 2023-07-03.
  const auto ts = tasks(us_granted());
  const Task s1 = get(ts, "us.maintenance.3.5");
  EXPECT_EQ(s1.due, d("2023-01-02"));
  EXPECT_EQ(s1.window_start, d("2022-07-02"));
  EXPECT_EQ(s1.grace_end, d("2023-07-03"));
  EXPECT_EQ(s1.year, 1);
  // Small entity on the due date, table of 2022-12-29 (40%): $800 + $200
  // surcharge; split between the two owners.
  ASSERT_TRUE(s1.fee);
  EXPECT_EQ(s1.fee->amount, 80000);
  EXPECT_EQ(s1.fee->late_amount, 100000);
  EXPECT_EQ(s1.fee->currency, "USD");
  EXPECT_EQ(s1.fee->table, "US/maintenance@2022-12-29");
  ASSERT_EQ(s1.fee->shares.size(), 2u);
  EXPECT_EQ(s1.fee->shares[0].amount, 40000);
  EXPECT_EQ(s1.fee->shares[1].amount, 40000);
  // Grant + 90 months = Sat 2027-01-02 → Mon 2027-01-04; 2025 table small: $1,616.
  const Task s2 = get(ts, "us.maintenance.7.5");
  EXPECT_EQ(s2.due, d("2027-01-04"));
  EXPECT_EQ(s2.fee->amount, 161600);
  EXPECT_TRUE(find(ts, "us.maintenance.11.5"));
  EXPECT_FALSE(find(ts, "jp.annual.4"));
}

TEST(UsMaintenance, WindowTableAndGraceBoundaries) {
  const Application a = us_granted();
  const Task s1 = get(tasks(a), "us.maintenance.3.5");
  auto early = fee_on(a, s1, d("2022-07-01"), book());  // the day before the window opens
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "fee_outside_window");
  EXPECT_EQ(paid(a, s1, "2022-07-02"), 100000);  // window opens; 2020 table, small = 50%: $1,000
  EXPECT_EQ(paid(a, s1, "2022-12-28"), 100000);  // the day before the 40% rate
  EXPECT_EQ(paid(a, s1, "2022-12-29"), 80000);   // the day it starts: $800
  EXPECT_EQ(paid(a, s1, "2023-01-02"), 80000);   // the last day without surcharge
  EXPECT_EQ(paid(a, s1, "2023-01-03"), 100000);  // first day of grace: + $200 surcharge
  EXPECT_EQ(paid(a, s1, "2023-07-03"), 100000);  // last day of grace (moved off Sunday)
  auto after = fee_on(a, s1, d("2023-07-04"), book());
  ASSERT_FALSE(after.ok());
  // The 2025-01-19 table: stage 2 paid early 2025-01-18 vs 2025-01-19 is out
  // of its window; stage 1 of a later patent shows the change instead.
  Application b = us_granted();
  b.events.pop_back();
  add(b, EventKind::kGrant, "2021-07-19", "10000002");
  const Task t = get(tasks(b), "us.maintenance.3.5");  // due 2025-01-19 (Sun) → 2025-01-20
  EXPECT_EQ(t.due, d("2025-01-20"));
  EXPECT_EQ(paid(b, t, "2025-01-18"), 80000);  // $800 (2022-12-29 table)
  EXPECT_EQ(paid(b, t, "2025-01-19"), 86000);  // $860 (2025-01-19 table)
}

TEST(UsMaintenance, TheEntityStatusInForceOnThePaymentDay) {
  // Small until 2024-06-30, micro from 2024-07-01, large from 2026-01-01.
  Application a = us_granted();
  add(a, EventKind::kEntityStatus, "2024-07-01", "", "micro");
  add(a, EventKind::kEntityStatus, "2026-01-01", "", "large");
  const auto ts = tasks(a);
  const Task s1 = get(ts, "us.maintenance.3.5");
  EXPECT_EQ(paid(a, s1, "2023-01-02"), 80000);  // small
  const Task s2 = get(ts, "us.maintenance.7.5");
  EXPECT_EQ(s2.fee->amount, 404000);              // large on the due date 2027-01-04
  EXPECT_EQ(paid(a, s2, "2026-07-05"), 404000);   // large
  Application m = us_granted();
  add(m, EventKind::kEntityStatus, "2022-12-01", "", "micro");
  const Task mt = get(tasks(m), "us.maintenance.3.5");
  EXPECT_EQ(paid(m, mt, "2022-11-30"), 100000);  // still small (50%)
  EXPECT_EQ(paid(m, mt, "2022-12-01"), 50000);   // micro, 2020 table (25%): $500
  EXPECT_EQ(paid(m, mt, "2022-12-29"), 40000);   // micro, 20%: $400
}

TEST(UsMaintenance, ADesignPatentOwesNoneAndNothingBeforeGrant) {
  Application a = us_granted();
  a.kind = PatentKind::kDesign;
  EXPECT_FALSE(find(tasks(a), "us.maintenance.3.5"));
  Application p = app("US", "2020-01-10");
  EXPECT_FALSE(find(tasks(p), "us.maintenance.3.5"));
}

// ---- EP renewal fees and validations ---------------------------------------

// Filed 2022-05-10; owners three universities by thirds.
Application ep_app() {
  Application a = app("EP", "2022-05-10");
  a.owners = {owner("U-C", InstitutionKind::kUniversity, "JP", 1, 3),
              owner("U-A", InstitutionKind::kUniversity, "JP", 1, 3),
              owner("U-B", InstitutionKind::kUniversity, "JP", 1, 3)};
  return a;
}

TEST(EpRenewal, FromYearThreeOnTheLastDayOfTheAnniversaryMonth) {
  // Rule 51(1): year 3 due Fri 2024-05-31, payable 6 months early
  // (2023-11-30); grace to the last day of the sixth month: Sat 2024-11-30
  // → Mon 2024-12-02. 2024 table: 690 EUR; late + 50% = 1,035.
  const auto ts = tasks(ep_app());
  const Task y3 = get(ts, "ep.renewal.3");
  EXPECT_EQ(y3.due, d("2024-05-31"));
  EXPECT_EQ(y3.window_start, d("2023-11-30"));
  EXPECT_EQ(y3.grace_end, d("2024-12-02"));
  EXPECT_EQ(y3.fee->amount, 69000);
  EXPECT_EQ(y3.fee->late_amount, 103500);
  // 69000 by thirds: 23000 each.
  for (const FeeShare& s : y3.fee->shares) EXPECT_EQ(s.amount, 23000);
  // Year 4: Sat 2025-05-31 → Mon 2025-06-02; payable 3 months early (2025-02-28).
  const Task y4 = get(ts, "ep.renewal.4");
  EXPECT_EQ(y4.due, d("2025-06-02"));
  EXPECT_EQ(y4.window_start, d("2025-02-28"));
  EXPECT_EQ(y4.fee->amount, 84500);
  // 84500 / 3 = 28166.67 each: one cent to the smallest code (U-A).
  std::map<std::string, std::int64_t> parts;
  for (const FeeShare& s : y4.fee->shares) parts[s.institution] = s.amount;
  EXPECT_EQ(parts["U-A"], 28167);
  EXPECT_EQ(parts["U-B"], 28167);
  EXPECT_EQ(parts["U-C"], 28166);
  EXPECT_TRUE(find(ts, "ep.renewal.20"));
}

TEST(EpRenewal, TheTableOnThePaymentDayAndTheFirstDayOfGrace) {
  const Application a = ep_app();
  const Task y3 = get(tasks(a), "ep.renewal.3");
  EXPECT_EQ(paid(a, y3, "2024-03-31"), 53000);   // 2023 table, the day before the 2024 one
  EXPECT_EQ(paid(a, y3, "2024-04-01"), 69000);   // 2024 table
  EXPECT_EQ(paid(a, y3, "2024-05-31"), 69000);   // last day without the additional fee
  EXPECT_EQ(paid(a, y3, "2024-06-01"), 103500);  // first day of grace: + 50%
  ASSERT_FALSE(fee_on(a, y3, d("2023-11-29"), book()).ok());  // more than 6 months early
}

TEST(EpRenewal, EuroPctFirstRenewalFallsDueAtTheThirtyOneMonthLimit) {
  // International filing 2021-06-10 without priority: year 3 would fall due
  // 2023-06-30, before the 31-month limit (2024-01-10); Rule 159(1)(g)
  // defers it to Wed 2024-01-10; grace six months from then: 2024-07-10.
  // 2023 table on 2024-01-10: 530 EUR.
  Application a = app("EP", "2021-06-10");
  add(a, EventKind::kInternationalFiling, "2021-06-10", "PCT/JP2021/000002");
  add(a, EventKind::kNationalPhaseEntry, "2023-12-20", "EP");
  const auto ts = tasks(a);
  const Task y3 = get(ts, "ep.renewal.3");
  EXPECT_EQ(y3.nominal_due, d("2024-01-10"));
  EXPECT_EQ(y3.due, d("2024-01-10"));
  EXPECT_EQ(y3.grace_end, d("2024-07-10"));
  EXPECT_EQ(y3.fee->amount, 53000);
  // Year 4 is not deferred: Sun 2024-06-30 → Mon 2024-07-01.
  EXPECT_EQ(get(ts, "ep.renewal.4").due, d("2024-07-01"));
}

TEST(EpRenewal, AfterGrantRenewalsGoToTheValidatedStatesAndTheUnitaryPatent) {
  // Granted 2025-09-10: EPC art. 86(2): the EPO takes years 3 and 4 (due
  // before the grant); year 5 (2026-05-31) onwards goes to DE, GB, UP.
  Application a = ep_app();
  add(a, EventKind::kGrant, "2025-09-10", "EP4000001");
  add(a, EventKind::kValidation, "2025-10-01", "DE");
  add(a, EventKind::kValidation, "2025-10-01", "GB");
  add(a, EventKind::kValidation, "2025-10-01", "UP");
  const auto ts = tasks(a);
  EXPECT_TRUE(find(ts, "ep.renewal.4"));
  EXPECT_FALSE(find(ts, "ep.renewal.5"));
  EXPECT_FALSE(find(ts, "fr.renewal.5"));  // not validated in FR
  // Year 5: Sun 2026-05-31 → Mon 2026-06-01, each in its own office and currency.
  const Task de = get(ts, "de.renewal.5");
  EXPECT_EQ(de.jurisdiction, "DE");
  EXPECT_EQ(de.due, d("2026-06-01"));
  EXPECT_EQ(de.fee->amount, 9000);        // PatKostG: 90 EUR
  EXPECT_EQ(de.fee->late_amount, 14000);  // + 50 EUR Verspätungszuschlag
  const Task gb = get(ts, "gb.renewal.5");
  EXPECT_EQ(gb.fee->currency, "GBP");
  EXPECT_EQ(gb.fee->amount, 7000);                 // 70 GBP
  EXPECT_EQ(gb.fee->late_amount, 7000 + 5 * 2400);  // 24 GBP for each month after the first
  const Task up = get(ts, "up.renewal.5");
  EXPECT_EQ(up.fee->amount, 31500);       // RFeesUPP: 315 EUR
  EXPECT_EQ(up.fee->late_amount, 47250);  // + 50%
  EXPECT_TRUE(find(ts, "up.renewal.20"));
  // DE: no surcharge to the end of the second month after falling due (§ 7(1) PatKostG).
  EXPECT_EQ(paid(a, de, "2026-07-31"), 9000);
  EXPECT_EQ(paid(a, de, "2026-08-01"), 14000);
  // GB: the first month after the due date is free, then 24 GBP a month.
  EXPECT_EQ(paid(a, gb, "2026-06-30"), 7000);
  EXPECT_EQ(paid(a, gb, "2026-07-15"), 9400);
}

TEST(EpRenewal, NoValidationTaskWithoutAGrantAndGbAfterALateGrant) {
  Application a = ep_app();
  add(a, EventKind::kValidation, "2025-10-01", "DE");
  EXPECT_FALSE(find(tasks(a), "de.renewal.5"));
  // Granted 2026-04-20, less than 3 months before year 5 falls due
  // (2026-05-31): GB's first renewal may wait to the end of the third month
  // after the grant, 2026-07-31 (Patents Rules 2007 r. 37).
  add(a, EventKind::kGrant, "2026-04-20", "EP4000002");
  add(a, EventKind::kValidation, "2026-05-01", "GB");
  const auto ts = tasks(a);
  EXPECT_EQ(get(ts, "gb.renewal.5").due, d("2026-07-31"));
  EXPECT_EQ(get(ts, "gb.renewal.6").due, d("2027-05-31"));
}

// ---- Office actions ----------------------------------------------------------

TEST(OfficeAction, JpSixtyDaysDomesticThreeMonthsForeignClosedByTheResponse) {
  // Mon 2024-06-03 + 60 days = Fri 2024-08-02 (a domestic owner).
  Application a = app("JP", "2022-01-10");
  add(a, EventKind::kOfficeAction, "2024-06-03", "R-1");
  Task t = get(tasks(a), "oa.R-1");
  EXPECT_EQ(t.kind, "office_action_response");
  EXPECT_EQ(t.due, d("2024-08-02"));
  EXPECT_FALSE(t.performed_on);
  EXPECT_FALSE(t.fee);
  // Every owner abroad (在外者): 3 months = Tue 2024-09-03.
  Application f = a;
  f.owners = {owner("U-X", InstitutionKind::kUniversity, "US", 1, 1)};
  EXPECT_EQ(get(tasks(f), "oa.R-1").due, d("2024-09-03"));
  add(a, EventKind::kOfficeActionResponse, "2024-07-20", "R-1");
  EXPECT_EQ(get(tasks(a), "oa.R-1").performed_on, d("2024-07-20"));
}

TEST(OfficeAction, UsThreeMonthsExtendableToSixWithAFeeByMonth) {
  // 2024-01-15 + 3 months = Mon 2024-04-15; at most 6 months: Mon 2024-07-15.
  // 37 CFR 1.17(a) (2022-12-29 amounts, large): 1 month $220, 2 $640, 3 $1,480.
  Application a = app("US", "2022-01-10");
  a.owners = {owner("C-B", InstitutionKind::kCompany, "US", 1, 1)};
  add(a, EventKind::kOfficeAction, "2024-01-15", "OA-1", "non_final");
  const Task t = get(tasks(a), "oa.OA-1");
  EXPECT_EQ(t.due, d("2024-04-15"));
  EXPECT_EQ(t.grace_end, d("2024-07-15"));
  ASSERT_TRUE(t.fee);
  EXPECT_EQ(t.fee->amount, 0);
  EXPECT_EQ(t.fee->late_amount, 148000);
  EXPECT_EQ(paid(a, t, "2024-04-15"), 0);
  EXPECT_EQ(paid(a, t, "2024-04-16"), 22000);
  EXPECT_EQ(paid(a, t, "2024-05-15"), 22000);
  EXPECT_EQ(paid(a, t, "2024-05-16"), 64000);
  EXPECT_EQ(paid(a, t, "2024-07-15"), 148000);
  ASSERT_FALSE(fee_on(a, t, d("2024-07-16"), book()).ok());
}

TEST(OfficeAction, EpThePeriodSetInTheCommunication) {
  // 2024-03-05 + 4 months (on the event) = Fri 2024-07-05; + 2 months = Sun 2024-05-05 → Mon 05-06.
  Application a = app("EP", "2022-01-10");
  Event oa;
  oa.kind = EventKind::kOfficeAction;
  oa.date = d("2024-03-05");
  oa.reference = "94(3)-1";
  oa.months = 4;
  a.events.push_back(oa);
  oa.reference = "94(3)-2";
  oa.months = 2;
  a.events.push_back(oa);
  const auto ts = tasks(a);
  EXPECT_EQ(get(ts, "oa.94(3)-1").due, d("2024-07-05"));
  EXPECT_EQ(get(ts, "oa.94(3)-2").due, d("2024-05-06"));
}

TEST(OfficeAction, TwoActionsWithOneReferenceKeepApartAndAMissingEpPeriodIsSaid) {
  Application a = app("EP", "2022-01-10");
  add(a, EventKind::kOfficeAction, "2024-03-05", "X");
  add(a, EventKind::kOfficeAction, "2024-09-02", "X");
  add(a, EventKind::kOfficeActionResponse, "2024-06-01", "X");
  const auto ts = tasks(a);
  // No period on the events: EPC Rule 132's usual 4 months, and the label says so.
  const Task first = get(ts, "oa.X");
  EXPECT_EQ(first.nominal_due, d("2024-07-05"));
  EXPECT_NE(first.label.find("assumed"), std::string::npos) << first.label;
  EXPECT_EQ(first.performed_on, d("2024-06-01"));
  const Task second = get(ts, "oa.X.2");
  EXPECT_EQ(second.nominal_due, d("2025-01-02"));
  EXPECT_FALSE(second.performed_on);
}

TEST(Tasks, AUtilityModelOrDesignGetsNoPatentFees) {
  Application a = jp_granted();
  a.kind = PatentKind::kUtilityModel;
  const auto ts = tasks(a);
  EXPECT_FALSE(find(ts, "jp.annual.4"));
  EXPECT_FALSE(find(ts, "jp.examination"));
  EXPECT_TRUE(find(ts, "paris.priority"));
}

TEST(Tasks, AGrantWithoutARecordedExaminationRequestLeavesNoExaminationTask) {
  Application a = jp_granted();
  EXPECT_EQ(get(tasks(a), "jp.examination").performed_on, d("2019-05-10"));
  a.events.erase(a.events.begin());  // imported without the request
  EXPECT_FALSE(find(tasks(a), "jp.examination"));
}

TEST(Tasks, AnOfficeWithoutRulesHasNoTasksAndTheOrderIsByDueDate) {
  EXPECT_TRUE(tasks(app("KR", "2022-01-10")).empty());
  const auto ts = tasks(jp_granted());
  for (std::size_t i = 1; i < ts.size(); ++i) EXPECT_LE(ts[i - 1].due, ts[i].due);
}

// ---- Office calendars: due dates on closed days ------------------------------

const Calendars& office_calendars() {
  static const Calendars c = [] {
    auto r = Calendars::load(std::string(CHIZAI_SOURCE_DIR) + "/config/docketing/calendars");
    if (!r) throw std::runtime_error(r.error().message);
    return r.value();
  }();
  return c;
}

std::vector<Task> office_tasks(const Application& a) {
  auto t = compute_tasks(a, book(), office_calendars());
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? t.value() : std::vector<Task>{};
}

TEST(Holidays, AJpAnnualFeeDueInTheYearEndClosureMovesToTheFourthOfJanuary) {
  // Registered 2020-12-29: year 4 due Fri 2023-12-29, inside the JPO's
  // year-end closure (29 December - 3 January): Thu 2024-01-04. The grace
  // period still ends 6 months after the nominal day: Sat 2024-06-29 → Mon 07-01.
  Application a = app("JP", "2019-01-10");
  a.claims = 1;
  add(a, EventKind::kAllowance, "2020-11-20");
  add(a, EventKind::kGrant, "2020-12-29", "6800001");
  const Task y4 = get(office_tasks(a), "jp.annual.4");
  EXPECT_EQ(y4.nominal_due, d("2023-12-29"));
  EXPECT_EQ(y4.due, d("2024-01-04"));
  EXPECT_EQ(y4.grace_end, d("2024-07-01"));
  EXPECT_FALSE(y4.provisional);
  // Weekends only, the same task is due on the Friday itself.
  EXPECT_EQ(get(tasks(a), "jp.annual.4").due, d("2023-12-29"));
}

TEST(Holidays, AJpExaminationDueInGoldenWeek2019MovesToMaySeventh) {
  // Filed 2016-04-30: 3 years = Tue 2019-04-30, a holiday of the one-off
  // 2019 Golden Week (the enthronement: 27 April - 6 May closed): Tue 2019-05-07.
  Application a = app("JP", "2016-04-30");
  const Task t = get(office_tasks(a), "jp.examination");
  EXPECT_EQ(t.nominal_due, d("2019-04-30"));
  EXPECT_EQ(t.due, d("2019-05-07"));
  // The day before the closure is an ordinary working day: filed 2016-04-26 → Fri 2019-04-26.
  EXPECT_EQ(get(office_tasks(app("JP", "2016-04-26")), "jp.examination").due, d("2019-04-26"));
}

TEST(Holidays, AUsMaintenanceFeeDueOnTheObservedNewYearMovesToTheNextDay) {
  // Grant 2019-07-02 + 42 months = Mon 2023-01-02, New Year's Day observed
  // (1 January was a Sunday): Tue 2023-01-03, and paying that day is on time.
  const Application a = us_granted();
  const Task s1 = get(office_tasks(a), "us.maintenance.3.5");
  EXPECT_EQ(s1.due, d("2023-01-03"));
  EXPECT_EQ(paid(a, s1, "2023-01-03"), 80000);
  EXPECT_EQ(paid(a, s1, "2023-01-04"), 100000);
}

TEST(Holidays, AnEpRenewalDueInTheEpoYearEndClosureMovesAndCarriesProvisional) {
  // Filed 2022-12-15: year 3 due Tue 2024-12-31, an EPO closing day (New
  // Year's Eve; 24 December - 1 January closed): Thu 2025-01-02. Those days
  // are computed by the EPO's pattern, not from a published list here, so the
  // task is provisional.
  const Task y3 = get(office_tasks(app("EP", "2022-12-15")), "ep.renewal.3");
  EXPECT_EQ(y3.nominal_due, d("2024-12-31"));
  EXPECT_EQ(y3.due, d("2025-01-02"));
  EXPECT_TRUE(y3.provisional);
  EXPECT_FALSE(get(tasks(app("EP", "2022-12-15")), "ep.renewal.3").provisional);
}

}  // namespace
}  // namespace chizai::docket
