// Tests for the deterministic demo-data generator, in two parts:
//  - the generator's own properties: the same options give the same bytes,
//    exact counts, the summary matches the files, an application comes after
//    the applications it claims, nothing is dated after the data set's day;
//  - what the data must satisfy, checked THROUGH THE SERVICES: the files are
//    loaded as `chizai` loads them (institution and patent import, family
//    rebuild, scheme load, company import, events) into a fresh test
//    database on each backend, and the services' reads report the outcome.
// The rules themselves (registry validation, the scheme's order of
// operations, royalties, distribution, the ledger) are the services'; this
// test does not restate them.
#include "demo/demo_data.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "requests/event.h"
#include "services/aggregation_service.h"
#include "services/event_service.h"
#include "store/docket_facts_store.h"
#include "services/close_service.h"
#include "services/ledger_check.h"
#include "services/licensing_service.h"
#include "requests/matching.h"
#include "services/matching_service.h"
#include "services/payment_service.h"
#include "services/project_service.h"
#include "services/registry_service.h"
#include "services/scheme_loader.h"
#include "test_db.h"

namespace chizai {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::TestDb;

const std::string kPolicies = std::string(CHIZAI_SOURCE_DIR) + "/config/policies";
// The data set's day: nothing in patents.jsonl is dated later.
const Date kAsOf = Date::from_ymd(2025, 3, 31).value();
// The last day anything in scheme.jsonl is dated (an expense).
const Date kLastSchemeDay = Date::from_ymd(2026, 11, 29).value();

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(read_all(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

DemoSummary generate(const std::string& dir, std::int64_t patents, std::uint64_t seed,
                     std::int64_t companies = DemoOptions{}.companies) {
  DemoOptions o;
  o.out_dir = dir;
  o.patents = patents;
  o.seed = seed;
  o.companies = companies;
  return write_demo_data(o);
}

// FNV-1a, 64 bits, of a file's bytes.
std::uint64_t fnv1a(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// One parsed JSON Lines record (simdjson); a malformed line fails the test.
class Record {
 public:
  explicit Record(const std::string& line) : text_(line) {
    const auto err = parser_.parse(text_).get(root_);
    EXPECT_EQ(err, simdjson::SUCCESS) << line;
  }
  bool has(std::string_view key) const {
    simdjson::dom::element e;
    return root_.is_object() && root_[key].get(e) == simdjson::SUCCESS;
  }
  std::string str(std::string_view key) const { return str_of(root_, key); }
  simdjson::dom::element at(std::string_view key) const { return root_[key].value_unsafe(); }
  simdjson::dom::array array(std::string_view key) const {
    simdjson::dom::array a;
    EXPECT_EQ(root_[key].get(a), simdjson::SUCCESS) << key << " in " << text_;
    return a;
  }
  static std::string str_of(simdjson::dom::element e, std::string_view key) {
    std::string_view s;
    return e[key].get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
  }

 private:
  std::string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

Date date_of(const std::string& text) {
  const auto d = Date::parse(text);
  EXPECT_TRUE(d.ok()) << "not a date: '" << text << "'";
  return d.ok() ? d.value() : Date();
}

// ---------------------------------------------------------------------------
// The generator's own properties.

// Every application comes after the applications of the file it claims,
// claiming them on their filing day; the same family lists the same owners.
// Everything is dated on or before the data set's day.
void expect_ordered_patents(const std::vector<std::string>& lines) {
  std::map<std::string, std::pair<std::string, std::string>> seen;  // number → filing, owners
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE("patents.jsonl line " + std::to_string(i + 1));
    const Record p(lines[i]);
    const std::string number = p.str("application_number");
    const Date filed = date_of(p.str("filing_date"));
    EXPECT_LE(filed, kAsOf);
    for (const char* k : {"publication_date", "grant_date"}) {
      if (p.has(k)) {
        EXPECT_GT(date_of(p.str(k)), filed) << k;
        EXPECT_LE(date_of(p.str(k)), kAsOf) << k;
      }
    }
    std::string owners;
    for (simdjson::dom::element o : p.array("owners")) owners += Record::str_of(o, "institution") + ",";
    for (simdjson::dom::element c : p.array("priority_claims")) {
      const std::string claimed = Record::str_of(c, "number");
      const std::string day = Record::str_of(c, "date");
      EXPECT_LT(date_of(day), filed) << number << " claims " << claimed;
      const auto it = seen.find(claimed);
      if (it == seen.end()) continue;  // claimed but not in the file (foreign, or cut off)
      EXPECT_EQ(it->second.first, day) << number << " claims " << claimed;
      EXPECT_EQ(it->second.second, owners) << number << " claims " << claimed;
    }
    EXPECT_TRUE(seen.emplace(number, std::make_pair(p.str("filing_date"), owners)).second)
        << "application number twice: " << number;
  }
}

// The day a scheme line is dated by (see demo_data.h).
Date scheme_day(const Record& op) {
  const std::string name = op.str("op");
  if (name == "agreement.add") return date_of(Record::str_of(op.at("agreement"), "start"));
  if (name == "report.add") return date_of(Record::str_of(op.at("report"), "period_end"));
  if (name == "close") return date_of(op.str("month") + "-01").month_end();
  if (name == "milestone.reach") return date_of(op.str("reached_on"));
  // The operation's date field: payments are received_on, payouts paid_on,
  // projects and contracts run from a date.
  for (const char* key : {"date", "received_on", "paid_on"}) {
    if (op.has(key)) return date_of(op.str(key));
  }
  return date_of(op.str("from"));
}

// Lines in date order, none later than the scheme's last day.
void expect_scheme_in_date_order(const std::vector<std::string>& lines) {
  Date previous;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE("scheme.jsonl line " + std::to_string(i + 1));
    const Date day = scheme_day(Record(lines[i]));
    EXPECT_GE(day, previous);
    EXPECT_LE(day, kLastSchemeDay);
    previous = day;
  }
}

TEST(DemoData, SummaryMatchesTheFiles) {
  TempDir dir;
  const DemoSummary s = generate(dir.path() + "/nested/out", 2000, 1);
  EXPECT_EQ(fs::path(s.patents_file).parent_path(), fs::path(dir.path()) / "nested" / "out");
  const std::vector<std::string> patents = read_lines(s.patents_file);
  ASSERT_EQ(s.patents, 2000);
  EXPECT_EQ(patents.size(), 2000u);
  EXPECT_EQ(read_all(s.patents_file).back(), '\n');
  EXPECT_EQ(s.institutions, static_cast<std::int64_t>(read_lines(s.institutions_file).size()));
  EXPECT_EQ(s.scheme_operations, static_cast<std::int64_t>(read_lines(s.scheme_file).size()));
  EXPECT_EQ(s.companies, static_cast<std::int64_t>(read_lines(s.companies_file).size()));
  EXPECT_EQ(s.events, static_cast<std::int64_t>(read_lines(s.events_file).size()));
  const std::vector<std::string> patent_events = read_lines(s.patent_events_file);
  EXPECT_EQ(s.patent_events, static_cast<std::int64_t>(patent_events.size()));
  EXPECT_GT(s.patent_events, s.patents);  // more than one event per application on average
  for (const std::string& line : patent_events) {
    const Record e(line);
    EXPECT_LE(Date::parse(e.str("date")).value(), kAsOf) << line;
  }
  std::int64_t co_owned = 0, with_priority = 0;
  for (const std::string& line : patents) {
    const Record p(line);
    co_owned += p.array("owners").size() > 1;
    with_priority += p.array("priority_claims").size() > 0;
  }
  EXPECT_EQ(s.co_owned, co_owned);
  EXPECT_EQ(s.with_priority, with_priority);
  expect_ordered_patents(patents);
  expect_scheme_in_date_order(read_lines(s.scheme_file));
}

TEST(DemoData, SameOptionsGiveIdenticalBytes) {
  TempDir a, b;
  const DemoSummary sa = generate(a.path(), 3000, 7);
  const DemoSummary sb = generate(b.path(), 3000, 7);
  for (const auto& [fa, fb] : {std::pair{sa.institutions_file, sb.institutions_file},
                               std::pair{sa.patents_file, sb.patents_file},
                               std::pair{sa.scheme_file, sb.scheme_file},
                               std::pair{sa.companies_file, sb.companies_file},
                               std::pair{sa.events_file, sb.events_file},
                               std::pair{sa.patent_events_file, sb.patent_events_file}}) {
    EXPECT_EQ(read_all(fa), read_all(fb)) << fa;
  }
  // Writing again over existing files gives the same bytes.
  const std::string scheme = read_all(sa.scheme_file);
  generate(a.path(), 3000, 7);
  EXPECT_EQ(read_all(sa.scheme_file), scheme);
}

TEST(DemoData, TheBytesOfKnownSeedsDoNotChange) {
  // Hashes of the files as first written: a change to how the generator
  // writes (or to a product piece it writes through) shows here.
  TempDir a, b;
  const DemoSummary sa = generate(a.path(), 2000, 1);
  EXPECT_EQ(fnv1a(read_all(sa.institutions_file)), 0x99a3939f11581359ULL);
  EXPECT_EQ(fnv1a(read_all(sa.patents_file)), 0x3c33e92656a2b12dULL);
  const DemoSummary sb = generate(b.path(), 3000, 7);
  EXPECT_EQ(fnv1a(read_all(sb.patents_file)), 0x80bca016b8c4d8baULL);
}

TEST(DemoData, DifferentSeedGivesDifferentPatents) {
  TempDir a, b;
  const DemoSummary sa = generate(a.path(), 500, 1);
  const DemoSummary sb = generate(b.path(), 500, 2);
  EXPECT_NE(read_all(sa.patents_file), read_all(sb.patents_file));
  EXPECT_NE(read_all(sa.scheme_file), read_all(sb.scheme_file));
  // The institution list does not depend on the seed.
  EXPECT_EQ(read_all(sa.institutions_file), read_all(sb.institutions_file));
}

TEST(DemoData, CountsAreExact) {
  TempDir dir;
  for (std::int64_t n : {0, 1, 2, 3, 10, 257}) {
    SCOPED_TRACE(n);
    const DemoSummary s = generate(dir.path(), n, 99);
    EXPECT_EQ(s.patents, n);
    const std::vector<std::string> lines = read_lines(s.patents_file);
    EXPECT_EQ(static_cast<std::int64_t>(lines.size()), n);
    expect_ordered_patents(lines);  // a cut family still only claims earlier lines
    expect_scheme_in_date_order(read_lines(s.scheme_file));
    if (n == 0) {
      EXPECT_EQ(s.scheme_operations, 0);
      EXPECT_EQ(s.events, 0);
    }
  }
}

TEST(DemoData, ExtremeSeedsWork) {
  TempDir dir;
  for (std::uint64_t seed : {std::uint64_t{0}, ~std::uint64_t{0}}) {
    const DemoSummary s = generate(dir.path(), 100, seed);
    EXPECT_EQ(read_lines(s.patents_file).size(), 100u);
  }
}

TEST(DemoData, ThrowsOnIoFailure) {
  TempDir dir;
  const std::string file = dir.write("plain-file", "x");
  EXPECT_THROW(generate(file + "/sub", 10, 1), std::runtime_error);
}

TEST(DemoData, RejectsBadOptions) {
  TempDir dir;
  EXPECT_THROW(generate(dir.path(), -1, 1), std::invalid_argument);
  EXPECT_THROW(generate("", 10, 1), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Through the services: the data loads whole, as `chizai` loads it, and the
// services report a consistent, fully closed licensing year.

class DemoLoad : public testing::BackendTest {
 protected:
  static constexpr std::int64_t kPatents = 400;
  static constexpr std::int64_t kCompanies = 180;  // the fewest: those of institutions.jsonl

  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    summary_ = generate(dir_.path(), kPatents, 2014, kCompanies);
    tdb_ = std::make_unique<TestDb>(GetParam());
    db_ = tdb_->open_migrated();
  }

  // institution import, patent import, family rebuild (scripts/demo.sh).
  void import_registry() {
    RegistryService registry(*db_);
    std::ifstream inst(summary_.institutions_file), pat(summary_.patents_file);
    const ImportReport i = registry.import_institutions(inst, FileFormat::kJsonl, {});
    ASSERT_TRUE(i.written) << describe_problems(i.problems);
    EXPECT_EQ(i.inserted, summary_.institutions);
    const ImportReport p = registry.import_patents(pat, FileFormat::kJsonl, {});
    ASSERT_TRUE(p.written) << describe_problems(p.problems);
    EXPECT_EQ(p.inserted, summary_.patents);
    EXPECT_TRUE(p.problems.empty()) << describe_problems(p.problems);
    registry.refresh_families();
  }

  Result<SchemeLoadReport> load_scheme_file() {
    std::ifstream in(summary_.scheme_file);
    return load_scheme(*db_, in, SchemeSettings{}, "demo", kPolicies);
  }

  TempDir dir_;
  DemoSummary summary_;
  std::unique_ptr<TestDb> tdb_;
  std::unique_ptr<Database> db_;
};

TEST_P(DemoLoad, RegistryImportsWholeAndFamiliesFollowTheClaims) {
  import_registry();
  if (HasFatalFailure()) return;
  RegistryService registry(*db_);
  // An application and every application of the file it claims (actively)
  // share an extended family, as the service computes it.
  std::int64_t checked = 0;
  for (const std::string& line : read_lines(summary_.patents_file)) {
    const Record p(line);
    const std::string number = p.str("application_number");
    const auto mine = registry.families_of(number);
    ASSERT_TRUE(mine.ok()) << number;
    for (simdjson::dom::element c : p.array("priority_claims")) {
      const auto theirs = registry.families_of(Record::str_of(c, "number"));
      if (!theirs.ok()) continue;  // not in the file
      EXPECT_EQ(mine->extended.id, theirs->extended.id) << number;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

TEST_P(DemoLoad, SchemeLoadsWholeAndTheLicensingYearCloses) {
  import_registry();
  if (HasFatalFailure()) return;
  auto r = load_scheme_file();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->operations, summary_.scheme_operations);
  auto count = [&](const char* op) { return r->by_op.count(op) ? r->by_op.at(op) : 0; };
  EXPECT_EQ(count("aggregate"), summary_.aggregated);
  EXPECT_EQ(count("package.create"), summary_.packages);
  EXPECT_EQ(count("project.create"), summary_.projects);
  EXPECT_EQ(count("agreement.add"), summary_.agreements);
  EXPECT_EQ(count("report.add"), summary_.reports);
  EXPECT_EQ(count("milestone.reach"), summary_.milestones);
  EXPECT_EQ(count("payment.record"), summary_.payments);
  EXPECT_EQ(count("payout.record"), summary_.payouts);
  EXPECT_EQ(count("close"), summary_.closes);
  // The documented size of a small data set: ten projects, twelve closes.
  EXPECT_EQ(summary_.projects, 10);
  EXPECT_EQ(summary_.closes, 12);
  EXPECT_GE(summary_.agreements, 3);

  // Aggregations as the service lists them.
  AggregationService aggregation(*db_, SchemeSettings{}, "demo");
  auto aggregated = aggregation.list({}, PageRequest{"", 1000000});
  ASSERT_TRUE(aggregated.ok()) << aggregated.error().message;
  EXPECT_EQ(static_cast<std::int64_t>(aggregated->items.size()), summary_.aggregated);

  // Every project within its budget, every contract within its amount.
  ProjectService projects(*db_, SchemeSettings{}, "demo");
  EXPECT_EQ(static_cast<std::int64_t>(projects.list_projects().size()), summary_.projects);
  for (const auto& p : projects.list_projects()) {
    auto view = projects.show_project(p.code);
    ASSERT_TRUE(view.ok()) << view.error().message;
    for (const auto& c : view->contracts) EXPECT_LE(c.spent, c.amount) << c.id;
  }

  // Every payment settled or credited in full; the ledger's invariants hold
  // (each payment fully posted and distributed, no payable below zero).
  PaymentService payments(*db_, SchemeSettings{}, "demo", kPolicies);
  auto received = payments.list_payments("", PageRequest{"", 100'000});
  ASSERT_TRUE(received.ok()) << received.error().message;
  EXPECT_EQ(static_cast<std::int64_t>(received->items.size()), summary_.payments);
  std::int64_t distributed = 0;
  for (const PaymentView& p : received->items) {
    EXPECT_EQ(p.applied_minor + p.credit_minor, p.amount_minor) << p.reference;
    distributed += p.applied_minor > 0;
  }
  EXPECT_GT(distributed, 0);
  const Status ledger = check_ledger(*db_);
  EXPECT_TRUE(ledger.ok()) << ledger.error().message;

  // FY2025 closed, 2025-04 .. 2026-03; every institution with income has its
  // stored March statement, closing on its payable balance.
  CloseService close(*db_, "demo");
  EXPECT_EQ(close.next_month_to_close(), std::optional<std::string>("2026-04"));
  std::int64_t with_income = 0, paid_out = 0;
  for (const PayableBalance& b : payments.payables()) {
    EXPECT_GE(b.balance_minor, 0) << b.institution;
    if (b.credited_minor == 0) continue;
    ++with_income;
    paid_out += b.paid_minor;
    auto st = close.statement(b.institution, "2026-03");
    ASSERT_TRUE(st.ok()) << b.institution << ": " << st.error().message;
    EXPECT_TRUE(st->stored) << b.institution;
    EXPECT_EQ(st->statement.closing_balance, b.balance_minor) << b.institution;
  }
  EXPECT_GE(with_income, 1);
  if (summary_.payouts > 0) {
    EXPECT_GT(paid_out, 0);
  }
}

// The applications' events import whole, in the file's order, through the
// service's rules (each checked against the record and the events before
// it): consistent with each application's history.
TEST_P(DemoLoad, ApplicationEventsImportWholeAndAgreeWithTheRecords) {
  import_registry();
  if (HasFatalFailure()) return;
  std::ifstream in(summary_.patent_events_file);
  const requests::PatentEventFile file = requests::read_patent_event_file(in, FileFormat::kJsonl);
  ASSERT_TRUE(file.problems.empty()) << describe_problems(file.problems);
  EXPECT_EQ(file.read, summary_.patent_events);
  const ImportReport r = EventService(*db_, "demo").import(file.rows, false);
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  EXPECT_EQ(r.inserted, summary_.patent_events);

  // Every granted record has exactly one grant, with its number; lapsed and
  // abandoned ones their end; some of each kind the file promises.
  RegistryService registry(*db_);
  std::map<std::string, std::int64_t> kinds;
  std::int64_t granted = 0;
  DocketFactsStore facts(*db_);
  for (long long after = 0;;) {
    const auto batch = facts.load_batch(after, 500);
    if (batch.empty()) break;
    for (const docket::Application& a : batch) {
      after = a.patent_id;
      const Patent p = registry.find_patent(a.number)->patent;
      std::int64_t grants = 0, ends = 0;
      for (const docket::Event& e : a.events) {
        ++kinds[docket::to_string(e.kind)];
        if (e.kind == docket::EventKind::kGrant) {
          ++grants;
          EXPECT_EQ(e.reference, p.grant_number) << a.number;
          EXPECT_EQ(e.date, p.grant_date) << a.number;
          EXPECT_NE(e.id, 0) << a.number << ": the grant is recorded, not synthesised";
        }
        ends += e.kind == docket::EventKind::kLapse || e.kind == docket::EventKind::kAbandonment;
      }
      EXPECT_EQ(grants, p.grant_date ? 1 : 0) << a.number;
      granted += grants;
      if (p.status == PatentStatus::kLapsed || p.status == PatentStatus::kAbandoned) {
        EXPECT_EQ(ends, 1) << a.number;
      }
    }
  }
  EXPECT_GT(granted, 0);
  for (const char* kind : {"national_phase_entry", "examination_request", "office_action", "office_action_response",
                           "allowance", "grant", "entity_status", "lapse", "abandonment"}) {
    EXPECT_GT(kinds[kind], 0) << kind;
  }
}

TEST_P(DemoLoad, CompaniesAndEventsLoad) {
  import_registry();
  if (HasFatalFailure()) return;
  auto r = load_scheme_file();  // the events present the scheme's packages
  ASSERT_TRUE(r.ok()) << r.error().message;
  MatchingService matching(*db_, "demo");
  std::ifstream companies(summary_.companies_file);
  const ImportReport c = matching.import_companies(companies, FileFormat::kJsonl, {});
  ASSERT_TRUE(c.written) << describe_problems(c.problems);
  const auto listed_companies =
      all_pages<CompanyProfile>([&](const PageRequest& p) { return matching.list_companies("", p); });
  EXPECT_EQ(static_cast<std::int64_t>(listed_companies.size()), summary_.companies);
  std::vector<MatchingEvent> events;
  for (const std::string& line : read_lines(summary_.events_file)) {
    auto e = requests::parse_event(line);
    ASSERT_TRUE(e.ok()) << e.error().message;
    events.push_back(*e);
  }
  const Status added = matching.add_events(events);
  ASSERT_TRUE(added.ok()) << added.error().message;
  const auto listed =
      all_pages<MatchingEvent>([&](const PageRequest& p) { return matching.list_events(p).value(); });
  EXPECT_EQ(static_cast<std::int64_t>(listed.size()), summary_.events);
  std::int64_t attendances = 0;
  for (const MatchingEvent& e : listed) attendances += static_cast<std::int64_t>(e.companies.size());
  EXPECT_EQ(attendances, summary_.attendances);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoLoad, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
