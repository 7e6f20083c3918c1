// Super Highway use cases on SQLite and PostgreSQL: projects under the cap,
// contracts within budget and with the inventors' institutions,
// expenditures within their contracts, recoverable costs, overseas staff and
// the programme report. Packages and aggregations are written with plain SQL
// so these tests do not depend on the package and aggregation services.
#include <gtest/gtest.h>

#include <algorithm>

#include <soci/soci.h>

#include <sstream>

#include "services/history.h"
#include "services/project_service.h"
#include "services/registry_service.h"
#include "registry_fixture.h"
#include "store/close_store.h"
#include "store/session.h"

namespace chizai {
namespace {

using testing::TestDb;

Date d(const char* s) { return Date::parse(s).value(); }

// JP2020000001A: U-TOKYO, inventor at U-TOKYO.
// JP2020000002A: U-KYOTO 1/2 + C-0001 1/2, inventor at U-KYOTO.
// JP2020000003A: U-OSAKA, inventor at U-OSAKA.
// JP2020000004A: U-TOKYO, in no package.
std::string patents() {
  using testing::patent;
  return testing::patent_lines(
      {patent("JP2020000001A").owner("U-TOKYO").inventor("Yamada Taro", "U-TOKYO"),
       patent("JP2020000002A").owner("U-KYOTO", "1/2").owner("C-0001", "1/2").inventor("Suzuki Hanako", "U-KYOTO"),
       patent("JP2020000003A").owner("U-OSAKA").inventor("Tanaka Jiro", "U-OSAKA"),
       patent("JP2020000004A").owner("U-TOKYO").inventor("Yamada Taro", "U-TOKYO")});
}

class ProjectServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "U-OSAKA", "C-0001"}), patents());
    if (HasFatalFailure()) return;
    // PKG-A (draft): 01 core, 02 peripheral. PKG-B (marketed): 03 core; 02
    // was a member until 2025-01-01.
    exec("INSERT INTO package (code, name_en, status, created_on) VALUES "
         "('PKG-A', 'Electrodes', 'draft', '2026-04-01')");
    exec("INSERT INTO package (code, name_en, status, created_on) VALUES "
         "('PKG-B', 'Catalysts', 'marketed', '2024-04-01')");
    add_member("PKG-A", "JP2020000001A", "core", "2026-04-01", nullptr);
    add_member("PKG-A", "JP2020000002A", "peripheral", "2026-04-01", nullptr);
    add_member("PKG-B", "JP2020000003A", "core", "2024-04-01", nullptr);
    add_member("PKG-B", "JP2020000002A", "peripheral", "2024-04-01", "2025-01-01");
    service_ = std::make_unique<ProjectService>(*db_, SchemeSettings{}, "tester");
  }

  void exec(const std::string& sql) { soci_session(*db_) << sql; }

  void add_member(const std::string& package, const std::string& patent, const std::string& role,
                  const std::string& added, const char* removed) {
    exec("INSERT INTO package_member (package_id, patent_id, role, weight, added_on, removed_on) "
         "SELECT k.id, t.id, '" + role + "', 1, '" + added + "', " +
         (removed ? "'" + std::string(removed) + "'" : std::string("NULL")) +
         " FROM package k, patent t WHERE k.code = '" + package +
         "' AND t.application_number = '" + patent + "'");
  }

  void aggregate(const std::string& patent, const std::string& mode, const std::string& on,
                 const char* beneficiary) {
    exec("INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason) "
         "SELECT t.id, i.id, '" + mode + "', '" + on + "', 'test' FROM patent t, institution i "
         "WHERE t.application_number = '" + patent + "' AND i.code = 'AGG-JST'");
    if (!beneficiary) return;
    exec("INSERT INTO beneficiary (patent_id, institution_id, share_num, share_den) "
         "SELECT t.id, i.id, 1, 1 FROM patent t, institution i WHERE t.application_number = '" +
         patent + "' AND i.code = '" + beneficiary + "'");
  }

  ProjectRequest project(const std::string& code, const std::string& package = "PKG-A",
                         std::vector<std::string> basic = {"JP2020000001A"},
                         std::optional<std::int64_t> budget = std::nullopt) {
    ProjectRequest r;
    r.code = code;
    r.package = package;
    r.basic_patents = std::move(basic);
    r.budget_minor = budget;
    r.from = d("2026-04-01");
    r.to = d("2028-03-31");
    return r;
  }

  void create(const ProjectRequest& r) {
    auto v = service_->create_project(r);
    ASSERT_TRUE(v.ok()) << v.error().message;
  }

  ContractRequest contract(const std::string& project, std::int64_t amount,
                           const std::string& institution = "U-TOKYO", bool recoverable = false) {
    ContractRequest c;
    c.project = project;
    c.institution = institution;
    c.amount_minor = amount;
    c.from = d("2026-04-01");
    c.to = d("2027-12-31");
    c.deliverable = "Prototype cell";
    c.recoverable = recoverable;
    return c;
  }

  long long add_contract(const ContractRequest& c) {
    auto id = service_->add_contract(c);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? id.value() : 0;
  }

  long long expense(long long contract, std::int64_t amount, const char* on,
                    bool recoverable = false) {
    ExpenseRequest e;
    e.contract_id = contract;
    e.amount_minor = amount;
    e.date = d(on);
    e.recoverable = recoverable;
    auto id = service_->add_expense(e);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? id.value() : 0;
  }

  // Runs a refused request: checks the message and that nothing changed.
  template <class Fn>
  void expect_refused(Fn fn, const std::string& message_part) {
    const std::string before = testing::dump_content(*db_);
    const auto r = fn();
    ASSERT_FALSE(r.ok()) << "expected a refusal mentioning: " << message_part;
    EXPECT_NE(r.error().message.find(message_part), std::string::npos)
        << "'" << message_part << "' not in: " << r.error().message;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refused request changed the database";
  }

  long long changes() {
    long long n = 0;
    soci_session(*db_) << "SELECT CAST(COUNT(*) AS BIGINT) FROM change_log", soci::into(n);
    return n;
  }

  std::unique_ptr<ProjectService> service_;
};

TEST_P(ProjectServiceTest, CreatesProjectWithDefaultBudget) {
  auto r = project("SH-01", "PKG-A", {"JP 2020-000001", "特願2020-000002", "JP2020000001A"});
  auto v = service_->create_project(r);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->code, "SH-01");
  EXPECT_EQ(v->package, "PKG-A");
  EXPECT_EQ(v->basic_patents, (std::vector<std::string>{"JP2020000001A", "JP2020000002A"}));
  EXPECT_EQ(v->money.budget, 18'000'000);
  EXPECT_EQ(v->money.committed, 0);
  EXPECT_EQ(v->money.remaining(), 18'000'000);
  EXPECT_EQ(v->from, d("2026-04-01"));
  auto log = list_changes(*db_, {"project", "SH-01", 10});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "project.create");
  EXPECT_EQ(log[0].actor, "tester");
  EXPECT_EQ(log[0].detail,
            R"({"code":"SH-01","package":"PKG-A","basic_patents":["JP2020000001A","JP2020000002A"],)"
            R"("budget":18000000,"from":"2026-04-01","to":"2028-03-31"})");
  auto listed = service_->list_projects();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].basic_patents.size(), 2u);
}

TEST_P(ProjectServiceTest, BudgetOverTheCapRefused) {
  expect_refused([&] { return service_->create_project(project("SH-01", "PKG-A", {"JP2020000001A"}, 18'000'001)); },
                 "budget 18,000,001 JPY is over the cap of 18,000,000 JPY per project");
  create(project("SH-01", "PKG-A", {"JP2020000001A"}, 18'000'000));
}

TEST_P(ProjectServiceTest, EleventhProjectRefused) {
  SchemeSettings settings;
  settings.max_projects = 10;
  ProjectService service(*db_, settings, "tester");
  for (int i = 1; i <= 10; ++i) {
    auto v = service.create_project(project("SH-" + std::to_string(i), "PKG-A", {"JP2020000001A"}, 1'000'000));
    ASSERT_TRUE(v.ok()) << v.error().message;
  }
  expect_refused([&] { return service.create_project(project("SH-11", "PKG-A", {"JP2020000001A"}, 1'000'000)); },
                 "the programme already has 10 project(s) and its cap is 10");
  EXPECT_EQ(service.list_projects().size(), 10u);
}

TEST_P(ProjectServiceTest, UnknownPackageAndPatentRefused) {
  expect_refused([&] { return service_->create_project(project("SH-01", "PKG-Z")); },
                 "unknown package 'PKG-Z'");
  expect_refused([&] { return service_->create_project(project("SH-01", "PKG-A", {"JP2099999999A"})); },
                 "unknown patent 'JP2099999999A'");
  expect_refused([&] { return service_->create_project(project("SH-01", "PKG-A", {})); },
                 "needs at least one basic patent");
}

TEST_P(ProjectServiceTest, BasicPatentNotInPackageRefused) {
  expect_refused([&] { return service_->create_project(project("SH-01", "PKG-A", {"JP2020000001A", "JP2020000004A"})); },
                 "basic patent JP2020000004A is not a current member of package PKG-A");
  // Removed from PKG-B on 2025-01-01: no longer a current member.
  expect_refused([&] { return service_->create_project(project("SH-01", "PKG-B", {"JP2020000002A"})); },
                 "basic patent JP2020000002A is not a current member of package PKG-B");
}

TEST_P(ProjectServiceTest, DuplicateCodeAndBackwardPeriodRefused) {
  create(project("SH-01"));
  expect_refused([&] { return service_->create_project(project("SH-01")); },
                 "project SH-01 already exists");
  auto r = project("SH-02");
  r.to = d("2026-03-31");
  expect_refused([&] { return service_->create_project(r); },
                 "project SH-02: end 2026-03-31 is before start 2026-04-01");
}

TEST_P(ProjectServiceTest, ContractOverBudgetRefusedAndExactlyAtBudgetAccepted) {
  create(project("SH-01", "PKG-A", {"JP2020000001A"}, 10'000'000));
  const long long first = add_contract(contract("SH-01", 6'000'000));
  EXPECT_GT(first, 0);
  expect_refused([&] { return service_->add_contract(contract("SH-01", 4'000'001)); },
                 "a contract of 4,000,001 JPY would take project SH-01's commitments over its "
                 "budget: budget 10,000,000 JPY, committed 6,000,000 JPY, remaining 4,000,000 JPY");
  const long long second = add_contract(contract("SH-01", 4'000'000));
  EXPECT_GT(second, first);
  auto v = service_->show_project("SH-01");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->money.committed, 10'000'000);
  EXPECT_EQ(v->money.remaining(), 0);
  ASSERT_EQ(v->contracts.size(), 2u);
  EXPECT_EQ(v->contracts[1].amount, 4'000'000);
  EXPECT_EQ(v->contracts[1].institution, "U-TOKYO");
  EXPECT_EQ(v->contracts[1].status, ContractStatus::kActive);
  expect_refused([&] { return service_->add_contract(contract("SH-01", 1)); },
                 "budget 10,000,000 JPY, committed 10,000,000 JPY, remaining 0 JPY");
}

TEST_P(ProjectServiceTest, ContractorMustBeAnInventorsInstitution) {
  create(project("SH-01", "PKG-A", {"JP2020000001A", "JP2020000002A"}));
  expect_refused([&] { return service_->add_contract(contract("SH-01", 1'000'000, "C-0001")); },
                 "institution C-0001 is not the institution of an inventor of project SH-01's "
                 "basic patents; commissioned research goes to U-KYOTO, U-TOKYO");
  expect_refused([&] { return service_->add_contract(contract("SH-01", 1'000'000, "U-NOWHERE")); },
                 "unknown institution code 'U-NOWHERE'");
  EXPECT_GT(add_contract(contract("SH-01", 1'000'000, "U-KYOTO")), 0);
}

TEST_P(ProjectServiceTest, ContractPeriodAndProjectChecked) {
  create(project("SH-01"));
  auto c = contract("SH-01", 1'000'000);
  c.to = d("2028-04-01");
  expect_refused([&] { return service_->add_contract(c); },
                 "contract period 2026-04-01 .. 2028-04-01 is not within project SH-01's period "
                 "2026-04-01 .. 2028-03-31");
  expect_refused([&] { return service_->add_contract(contract("SH-99", 1'000'000)); },
                 "unknown project 'SH-99'");
  c = contract("SH-01", 1'000'000);
  c.deliverable = " ";
  expect_refused([&] { return service_->add_contract(c); }, "needs a deliverable");
  expect_refused([&] { return service_->add_contract(contract("SH-01", 0)); },
                 "must be positive");
}

TEST_P(ProjectServiceTest, CancelledContractFreesBudget) {
  create(project("SH-01", "PKG-A", {"JP2020000001A"}, 10'000'000));
  const long long a = add_contract(contract("SH-01", 8'000'000));
  expect_refused([&] { return service_->add_contract(contract("SH-01", 3'000'000)); },
                 "remaining 2,000,000 JPY");
  auto cancelled = service_->set_contract_status(a, "cancelled");
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->status, ContractStatus::kCancelled);
  const long long b = add_contract(contract("SH-01", 3'000'000));
  auto v = service_->show_project("SH-01");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->money.committed, 3'000'000);
  EXPECT_EQ(v->money.remaining(), 7'000'000);
  // A cancelled contract stays cancelled; one with spend cannot be cancelled.
  expect_refused([&] { return service_->set_contract_status(a, "active"); }, "cannot be reopened");
  expense(b, 500'000, "2026-06-01");
  expect_refused([&] { return service_->set_contract_status(b, "cancelled"); },
                 "contract " + std::to_string(b) + " has expenditures (500,000 JPY spent)");
  expect_refused([&] { return service_->set_contract_status(b, "paused"); },
                 "unknown contract status 'paused': use active, completed, cancelled");
  expect_refused([&] { return service_->set_contract_status(9999, "completed"); },
                 "no contract with id 9999");
  auto done = service_->set_contract_status(b, "completed");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, ContractStatus::kCompleted);
  auto log = list_changes(*db_, {"contract", std::to_string(a), 10});
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].action, "contract.status");
  EXPECT_EQ(log[0].detail, R"({"project":"SH-01","from":"active","to":"cancelled"})");
}

TEST_P(ProjectServiceTest, ExpenseOverContractRefusedAndExactlyAtAmountAccepted) {
  create(project("SH-01"));
  const long long c = add_contract(contract("SH-01", 5'000'000));
  expense(c, 3'000'000, "2026-05-01");
  ExpenseRequest e;
  e.contract_id = c;
  e.amount_minor = 2'000'001;
  e.date = d("2026-06-01");
  expect_refused([&] { return service_->add_expense(e); },
                 "an expenditure of 2,000,001 JPY would take contract " + std::to_string(c) +
                     " over its amount: amount 5,000,000 JPY, spent 3,000,000 JPY, left 2,000,000 JPY");
  e.amount_minor = 2'000'000;
  e.date = d("2028-01-01");
  expect_refused([&] { return service_->add_expense(e); },
                 "expenditure date 2028-01-01 is outside contract " + std::to_string(c) +
                     "'s period 2026-04-01 .. 2027-12-31");
  e.contract_id = 4242;
  expect_refused([&] { return service_->add_expense(e); }, "no contract with id 4242");
  expense(c, 2'000'000, "2027-12-31");
  auto v = service_->find_contract(c);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->spent, 5'000'000);
  EXPECT_EQ(v->left(), 0);
}

TEST_P(ProjectServiceTest, NoExpenseDatedInAClosedMonth) {
  create(project("SH-01"));
  const long long c = add_contract(contract("SH-01", 5'000'000));
  insert_closed_month(*db_, "2026-05", "2026-06-03T09:00:00Z");
  ExpenseRequest e;
  e.contract_id = c;
  e.amount_minor = 100'000;
  e.date = d("2026-05-20");
  expect_refused([&] { return service_->add_expense(e); },
                 "expenditure date 2026-05-20 is in a closed month (months up to 2026-05 are closed)");
  const auto r = service_->add_expense(e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "month_closed");
  EXPECT_EQ(r.error().field, "date");
  expense(c, 100'000, "2026-06-01");  // the first open day is fine
}

TEST_P(ProjectServiceTest, NoExpenseOnACancelledContract) {
  create(project("SH-01"));
  const long long c = add_contract(contract("SH-01", 5'000'000));
  ASSERT_TRUE(service_->set_contract_status(c, "cancelled").ok());
  ExpenseRequest e;
  e.contract_id = c;
  e.amount_minor = 1;
  e.date = d("2026-06-01");
  expect_refused([&] { return service_->add_expense(e); },
                 "contract " + std::to_string(c) + " is cancelled");
}

TEST_P(ProjectServiceTest, RecoverableSums) {
  create(project("SH-01"));
  create(project("SH-02", "PKG-B", {"JP2020000003A"}, 5'000'000));
  const long long rec = add_contract(contract("SH-01", 4'000'000, "U-TOKYO", true));
  const long long plain = add_contract(contract("SH-01", 3'000'000));
  const long long other = add_contract(contract("SH-02", 2'000'000, "U-OSAKA", true));
  const long long e1 = expense(rec, 1'000'000, "2026-09-01");        // via its contract
  const long long e2 = expense(plain, 500'000, "2026-08-01", true);  // flagged
  expense(plain, 700'000, "2026-07-01");                             // not recoverable
  const long long e4 = expense(rec, 250'000, "2026-08-01");
  expense(other, 300'000, "2026-05-01");
  auto v = service_->show_project("SH-01");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->money.spent, 2'450'000);
  EXPECT_EQ(v->money.recoverable_spent, 1'750'000);
  EXPECT_EQ(v->money.committed, 7'000'000);
  auto costs = service_->outstanding_recoverable_costs("PKG-A");
  ASSERT_TRUE(costs.ok()) << costs.error().message;
  EXPECT_EQ(costs->total, 1'750'000);
  ASSERT_EQ(costs->items.size(), 3u);
  // Oldest first; on the same day by expenditure id.
  EXPECT_EQ(costs->items[0].date, d("2026-08-01"));
  EXPECT_EQ(costs->items[0].expenditure_id, e2);
  EXPECT_EQ(costs->items[0].amount, 500'000);
  EXPECT_EQ(costs->items[1].expenditure_id, e4);
  EXPECT_EQ(costs->items[1].amount, 250'000);
  EXPECT_EQ(costs->items[2].expenditure_id, e1);
  EXPECT_EQ(costs->items[2].date, d("2026-09-01"));
  auto b = service_->outstanding_recoverable_costs("PKG-B");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->total, 300'000);
  ASSERT_EQ(b->items.size(), 1u);
  EXPECT_FALSE(service_->outstanding_recoverable_costs("PKG-Z").ok());
}

TEST_P(ProjectServiceTest, StaffRegions) {
  create(project("SH-01"));
  create(project("SH-02", "PKG-B", {"JP2020000003A"}, 5'000'000));
  StaffRequest s;
  s.project = "SH-01";
  s.name = "Anna Berg";
  s.region = "europe";
  s.from = d("2026-04-01");
  s.to = d("2026-09-30");
  ASSERT_TRUE(service_->assign_staff(s).ok());
  s.name = "Bob Lee";
  s.region = "north_america";
  s.from = d("2026-06-01");
  s.to.reset();
  ASSERT_TRUE(service_->assign_staff(s).ok());
  s.project = "SH-02";
  s.name = "Chen Wei";
  s.region = "china";
  ASSERT_TRUE(service_->assign_staff(s).ok());

  s.project = "SH-01";
  s.name = "Anna Berg";
  s.region = "europe";
  s.from = d("2026-09-30");
  expect_refused([&] { return service_->assign_staff(s); },
                 "Anna Berg is already assigned to project SH-01 for europe from 2026-04-01 to 2026-09-30");
  s.region = "mars";
  expect_refused([&] { return service_->assign_staff(s); },
                 "unknown region 'mars': use japan, north_america, europe, china, asia_other, "
                 "latin_america, oceania, middle_east_africa");
  s.region = "oceania";
  s.to = d("2026-09-29");
  expect_refused([&] { return service_->assign_staff(s); },
                 "end 2026-09-29 is before start 2026-09-30");
  s.project = "SH-99";
  expect_refused([&] { return service_->assign_staff(s); }, "unknown project 'SH-99'");

  auto covered = service_->regions_covered_for_package("PKG-A", d("2026-07-01"));
  ASSERT_TRUE(covered.ok());
  EXPECT_EQ(covered.value(),
            (std::vector<StaffRegion>{StaffRegion::kNorthAmerica, StaffRegion::kEurope}));
  covered = service_->regions_covered_for_package("PKG-A", d("2026-10-01"));
  EXPECT_EQ(covered.value(), std::vector<StaffRegion>{StaffRegion::kNorthAmerica});
  covered = service_->regions_covered_for_package("PKG-A", d("2026-05-01"));
  EXPECT_EQ(covered.value(), std::vector<StaffRegion>{StaffRegion::kEurope});
  covered = service_->regions_covered_for_package("PKG-B", d("2026-07-01"));
  EXPECT_EQ(covered.value(), std::vector<StaffRegion>{StaffRegion::kChina});
  EXPECT_FALSE(service_->regions_covered_for_package("PKG-Z", d("2026-07-01")).ok());

  auto all = service_->list_staff();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  auto one = service_->list_staff("SH-01");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 2u);
  EXPECT_EQ((*one)[0].name, "Anna Berg");
  EXPECT_EQ((*one)[0].to, d("2026-09-30"));
  EXPECT_FALSE((*one)[1].to.has_value());
  EXPECT_FALSE(service_->list_staff("SH-99").ok());
  auto v = service_->show_project("SH-02");
  ASSERT_EQ(v->staff.size(), 1u);
  EXPECT_EQ(v->staff[0].region, StaffRegion::kChina);
}

TEST_P(ProjectServiceTest, EveryChangeIsRecorded) {
  create(project("SH-01"));
  const long long c = add_contract(contract("SH-01", 1'000'000));
  expense(c, 1'000, "2026-05-01");
  ASSERT_TRUE(service_->set_contract_status(c, "completed").ok());
  ASSERT_TRUE(service_->set_contract_status(c, "completed").ok());  // no change, no record
  StaffRequest s{"SH-01", "Anna Berg", "europe", d("2026-04-01"), std::nullopt};
  ASSERT_TRUE(service_->assign_staff(s).ok());
  // The fixture's patent registrations are recorded too, oldest: set apart.
  auto log = list_changes(*db_, {});
  const auto registry = std::stable_partition(log.begin(), log.end(),
                                              [](const ChangeRecord& r) { return r.action != "patent.import"; });
  EXPECT_EQ(log.end() - registry, 4);
  log.erase(registry, log.end());
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[4].action, "project.create");
  EXPECT_EQ(log[3].action, "contract.add");
  EXPECT_EQ(log[3].entity_key, std::to_string(c));
  EXPECT_EQ(log[2].action, "expense.add");
  EXPECT_EQ(log[2].entity_type, "expenditure");
  EXPECT_EQ(log[1].action, "contract.status");
  EXPECT_EQ(log[0].action, "staff.assign");
  EXPECT_EQ(log[0].detail,
            R"({"project":"SH-01","name":"Anna Berg","region":"europe","from":"2026-04-01","to":null})");
}

// A small programme with known figures (yen):
//   aggregated: 01 assignment 2026-05-01 (beneficiary U-TOKYO), 02 mandate
//   2026-06-01 (owners U-KYOTO, C-0001), 03 assignment 2025-05-01
//   (beneficiary U-OSAKA), 04 mandate 2027-05-01 (after FY2026).
//   SH-01 (PKG-A, 18,000,000): contract 1 10,000,000 recoverable with
//   2,000,000 (FY2026), 1,500,000 (FY2026), 2,500,000 (FY2027); contract 2
//   3,000,000 cancelled; contract 3 4,000,000 with 1,000,000 recoverable and
//   250,000 (both FY2026).
//   SH-02 (PKG-B, 5,000,000): one 5,000,000 contract with 1,000,000 (FY2025)
//   and 2,000,000 (FY2026).
class ProgrammeReportTest : public ProjectServiceTest {
 protected:
  void SetUp() override {
    ProjectServiceTest::SetUp();
    if (IsSkipped()) return;
    aggregate("JP2020000001A", "assignment", "2026-05-01", "U-TOKYO");
    aggregate("JP2020000002A", "mandate", "2026-06-01", nullptr);
    aggregate("JP2020000003A", "assignment", "2025-05-01", "U-OSAKA");
    aggregate("JP2020000004A", "mandate", "2027-05-01", nullptr);
    create(project("SH-01"));
    auto sh2 = project("SH-02", "PKG-B", {"JP2020000003A"}, 5'000'000);
    sh2.from = d("2025-04-01");
    sh2.to = d("2027-03-31");
    create(sh2);
    const long long c1 = add_contract(contract("SH-01", 10'000'000, "U-TOKYO", true));
    const long long c2 = add_contract(contract("SH-01", 3'000'000));
    auto c3r = contract("SH-01", 4'000'000);
    c3r.from = d("2026-06-01");
    c3r.to = d("2027-03-31");
    const long long c3 = add_contract(c3r);
    ASSERT_TRUE(service_->set_contract_status(c2, "cancelled").ok());
    expense(c1, 2'000'000, "2026-05-10");
    expense(c1, 1'500'000, "2027-02-01");
    expense(c1, 2'500'000, "2027-05-01");
    expense(c3, 1'000'000, "2026-12-01", true);
    expense(c3, 250'000, "2026-12-02");
    auto c4r = contract("SH-02", 5'000'000, "U-OSAKA");
    c4r.from = d("2025-04-01");
    c4r.to = d("2027-03-31");
    const long long c4 = add_contract(c4r);
    expense(c4, 1'000'000, "2025-06-01");
    expense(c4, 2'000'000, "2026-04-01");
  }
};

TEST_P(ProgrammeReportTest, FiscalYear2026) {
  const ProgrammeReport r = service_->programme_report(FiscalYear{2026});
  EXPECT_EQ(r.fiscal_year.year, 2026);
  EXPECT_EQ(r.aggregated_total, 3);
  EXPECT_EQ(r.aggregated_in_fy, 2);
  EXPECT_EQ(r.by_mode_assignment, 2);
  EXPECT_EQ(r.by_mode_mandate, 1);
  ASSERT_EQ(r.by_institution.size(), 4u);
  EXPECT_EQ(r.by_institution[0].institution, "C-0001");
  EXPECT_EQ(r.by_institution[0].mandate, 1);
  EXPECT_EQ(r.by_institution[0].assignment, 0);
  EXPECT_EQ(r.by_institution[1].institution, "U-KYOTO");
  EXPECT_EQ(r.by_institution[1].name_en, "Kyoto University");
  EXPECT_EQ(r.by_institution[1].total, 1);
  EXPECT_EQ(r.by_institution[2].institution, "U-OSAKA");
  EXPECT_EQ(r.by_institution[2].assignment, 1);
  EXPECT_EQ(r.by_institution[3].institution, "U-TOKYO");
  EXPECT_EQ(r.by_institution[3].assignment, 1);
  EXPECT_EQ(r.by_institution[3].mandate, 0);
  EXPECT_EQ(r.packages_draft, 1);
  EXPECT_EQ(r.packages_marketed, 1);
  EXPECT_EQ(r.packages_licensed, 0);
  EXPECT_EQ(r.packages_retired, 0);
  ASSERT_EQ(r.projects.size(), 2u);
  const auto& sh1 = r.projects[0];
  EXPECT_EQ(sh1.code, "SH-01");
  EXPECT_EQ(sh1.package, "PKG-A");
  EXPECT_EQ(sh1.budget, 18'000'000);
  EXPECT_EQ(sh1.committed, 14'000'000);
  EXPECT_EQ(sh1.remaining, 4'000'000);
  EXPECT_EQ(sh1.spent_in_fy, 4'750'000);
  EXPECT_EQ(sh1.spent_to_date, 7'250'000);
  EXPECT_EQ(sh1.recoverable_outstanding, 7'000'000);
  const auto& sh2 = r.projects[1];
  EXPECT_EQ(sh2.code, "SH-02");
  EXPECT_EQ(sh2.budget, 5'000'000);
  EXPECT_EQ(sh2.committed, 5'000'000);
  EXPECT_EQ(sh2.remaining, 0);
  EXPECT_EQ(sh2.spent_in_fy, 2'000'000);
  EXPECT_EQ(sh2.spent_to_date, 3'000'000);
  EXPECT_EQ(sh2.recoverable_outstanding, 0);
  EXPECT_EQ(r.totals.code, "total");
  EXPECT_EQ(r.totals.budget, 23'000'000);
  EXPECT_EQ(r.totals.committed, 19'000'000);
  EXPECT_EQ(r.totals.remaining, 4'000'000);
  EXPECT_EQ(r.totals.spent_in_fy, 6'750'000);
  EXPECT_EQ(r.totals.spent_to_date, 10'250'000);
  EXPECT_EQ(r.totals.recoverable_outstanding, 7'000'000);
  EXPECT_EQ(r.licensed, 0);
  EXPECT_EQ(r.rate_bps, 0);
  EXPECT_EQ(r.baseline_bps, 3030);
  EXPECT_EQ(r.note, "aggregated patents covered by a licence in force on 2027-03-31");
}

// A licence in force on the fiscal year's last day covering one of the three
// patents aggregated by then: 1 of 3 = 33.33% (3333 bps, rounded).
TEST_P(ProgrammeReportTest, UtilisationCountsLicencesInForce) {
  exec("INSERT INTO institution (code, kind, name_en, name_ja, country, content_hash) "
       "VALUES ('C-LIC', 'company', 'Licensee', '', 'JP', 'h')");
  // JP2020000004A is licensed too, but aggregated only in FY2027.
  testing::insert_agreement(*db_, {.reference = "LIC-1",
                                   .licensee = "C-LIC",
                                   .patents = {"JP2020000001A", "JP2020000004A"},
                                   .starts_on = "2026-04-01",
                                   .ends_on = "2030-03-31",
                                   .created_at = "now"});
  // Expired before FY2026: does not count.
  testing::insert_agreement(*db_, {.reference = "LIC-OLD",
                                   .licensee = "C-LIC",
                                   .patents = {"JP2020000003A"},
                                   .starts_on = "2020-04-01",
                                   .ends_on = "2025-03-31",
                                   .created_at = "now"});
  const ProgrammeReport r = service_->programme_report(FiscalYear{2026});
  EXPECT_EQ(r.aggregated_total, 3);
  EXPECT_EQ(r.licensed, 1);
  EXPECT_EQ(r.rate_bps, utilisation_rate_bps(1, 3));
}

TEST_P(ProgrammeReportTest, FiscalYear2025) {
  const ProgrammeReport r = service_->programme_report(FiscalYear{2025});
  EXPECT_EQ(r.aggregated_total, 1);
  EXPECT_EQ(r.aggregated_in_fy, 1);
  EXPECT_EQ(r.by_mode_assignment, 1);
  EXPECT_EQ(r.by_mode_mandate, 0);
  ASSERT_EQ(r.by_institution.size(), 1u);
  EXPECT_EQ(r.by_institution[0].institution, "U-OSAKA");
  ASSERT_EQ(r.projects.size(), 2u);
  EXPECT_EQ(r.projects[0].spent_in_fy, 0);
  EXPECT_EQ(r.projects[1].spent_in_fy, 1'000'000);
  EXPECT_EQ(r.totals.spent_in_fy, 1'000'000);
  EXPECT_EQ(r.totals.spent_to_date, 10'250'000);
}

TEST_P(ProgrammeReportTest, EmptyProgramme) {
  auto tdb = TestDb(GetParam());
  auto db = tdb.open_migrated();
  const ProgrammeReport r = ProjectService(*db, SchemeSettings{}, "t").programme_report(FiscalYear{2026});
  EXPECT_EQ(r.aggregated_total, 0);
  EXPECT_TRUE(r.by_institution.empty());
  EXPECT_TRUE(r.projects.empty());
  EXPECT_EQ(r.totals.budget, 0);
  EXPECT_EQ(r.rate_bps, 0);
  EXPECT_EQ(r.packages_draft, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProjectServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, ProgrammeReportTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
