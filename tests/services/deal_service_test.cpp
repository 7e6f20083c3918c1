// The deal pipeline on SQLite and PostgreSQL: stage changes and their
// history, every refusal leaving the database unchanged, licensing through
// an agreement (and only through one), the filters of the list, and the
// pipeline report's figures on a hand-made set (expected values derived in
// the comments).
#include <algorithm>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <tuple>
#include <string>
#include <vector>

#include "registry_fixture.h"
#include "services/deal_service.h"
#include "services/staff_service.h"
#include "services/history.h"
#include "requests/licensing.h"
#include "services/licensing_service.h"
#include "services/package_service.h"
#include "store/migrate.h"
#include "store/session.h"

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }

class DealServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"U-TOKYO", "C-0001"}) + testing::european_companies() +
                  testing::company("C-0004", "No Profile Inc.", "US"),
              testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                                     testing::patent("JP2020000002A").owner("U-TOKYO"),
                                     testing::patent("JP2020000003A").owner("U-TOKYO")}),
              3);
    if (HasFatalFailure()) return;
    // PKG-A: P1; PKG-B: P2 and P3; both from 2026-01-01.
    PackageService packages(*db_, "tester");
    PackageDraft a;
    a.code = "PKG-A";
    a.name_en = "Anode";
    a.core = {"JP2020000001A"};
    a.created_on = d("2026-01-01");
    ASSERT_TRUE(packages.create(a).ok());
    PackageDraft b;
    b.code = "PKG-B";
    b.name_en = "Battery";
    b.core = {"JP2020000002A"};
    b.peripheral = {"JP2020000003A"};
    b.created_on = d("2026-01-01");
    ASSERT_TRUE(packages.create(b).ok());
    // Regions: C-0001 japan, C-0002 and C-0003 europe, C-0004 no profile.
    profile("C-0001", "japan");
    profile("C-0002", "europe");
    profile("C-0003", "europe");
    dir_.write("default.properties", "aggregator_share = 1/3\n");
    // The staff the tests name, registered (deals name staff by code).
    StaffService staff(*db_, "tester");
    for (const char* code : {"Sato", "Suzuki", "Tanaka"}) {
      auto r = staff.put({code, code, "", "japan", ""});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    deals_ = std::make_unique<DealService>(*db_, "tester");
  }

  void profile(const std::string& company, const std::string& region) {
    soci_session(*db_) << "INSERT INTO company_profile (institution_id, region, size) "
                  "SELECT id, :r, 'sme' FROM institution WHERE code = :c",
        soci::use(region), soci::use(company);
  }

  DealView set(const std::string& company, const std::string& package, const std::string& stage,
               const char* on, const std::string& staff, const std::string& note = "") {
    auto r = deals_->set_stage(DealChange{company, package, stage, d(on), staff, note});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : DealView{};
  }

  void agreement(const std::string& id, const std::string& licensee, const std::string& what,
                 const std::string& start) {
    LicensingService licensing(*db_, SchemeSettings{}, "clerk", dir_.path());
    auto r = requests::add_agreement_text(licensing, R"({"id":")" + id + R"(","licensee":")" + licensee + R"(",)" + what +
                                          R"(,"exclusive":false,"field":"batteries","territory":["JP"],"start":")" +
                                          start + R"(","end":"2030-12-31","currency":"JPY",
                                          "royalty_tiers":[{"rate_bps":300}]})");
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  // Expects set_stage to refuse with `code` and a message containing
  // `part`, and the database to be unchanged.
  void refused(const DealChange& c, const std::string& code, const std::string& part) {
    const std::string before = testing::dump_content(*db_);
    auto r = deals_->set_stage(c);
    ASSERT_FALSE(r.ok()) << "expected a refusal containing: " << part;
    EXPECT_EQ(r.error().code, code);
    EXPECT_NE(r.error().message.find(part), std::string::npos)
        << "message: " << r.error().message << "\nexpected to contain: " << part;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refusal changed the database";
  }

  long long count(const std::string& sql) {
    long long n = 0;
    soci_session(*db_) << sql, soci::into(n);
    return n;
  }

  testing::TempDir dir_;
  std::unique_ptr<DealService> deals_;
};

TEST_P(DealServiceTest, StageChangesKeepTheirHistory) {
  DealView v = set("C-0001", "PKG-A", "lead", "2026-02-01", "Tanaka", "met at the fair");
  EXPECT_EQ(v.deal.stage, DealStage::kLead);
  EXPECT_EQ(v.deal.opened_on, d("2026-02-01"));
  v = set("C-0001", "PKG-A", "contacted", "2026-02-10", " Sato ", "called the CTO");
  v = set("C-0001", "PKG-A", "nda", "2026-02-10", "Sato");  // same day as the previous change: allowed
  EXPECT_EQ(v.deal.company, "C-0001");
  EXPECT_EQ(v.deal.company_name, "Sakura Denki K.K.");
  EXPECT_EQ(v.deal.package, "PKG-A");
  EXPECT_EQ(v.deal.region, "japan");
  EXPECT_EQ(v.deal.stage, DealStage::kNda);
  EXPECT_EQ(v.deal.staff, "Sato");  // trimmed
  EXPECT_EQ(v.deal.opened_on, d("2026-02-01"));
  EXPECT_EQ(v.deal.changed_on, d("2026-02-10"));
  EXPECT_EQ(v.deal.agreement, "");
  ASSERT_EQ(v.history.size(), 3u);
  EXPECT_FALSE(v.history[0].from.has_value());
  EXPECT_EQ(v.history[0].to, DealStage::kLead);
  EXPECT_EQ(v.history[0].staff, "Tanaka");
  EXPECT_EQ(v.history[0].note, "met at the fair");
  EXPECT_EQ(v.history[1].from, DealStage::kLead);
  EXPECT_EQ(v.history[1].to, DealStage::kContacted);
  EXPECT_EQ(v.history[1].on, d("2026-02-10"));
  EXPECT_EQ(v.history[1].note, "called the CTO");
  EXPECT_EQ(v.history[2].from, DealStage::kContacted);
  EXPECT_EQ(v.history[2].to, DealStage::kNda);
  // Backwards and declined, then reopened from declined.
  set("C-0001", "PKG-A", "contacted", "2026-03-01", "Sato", "NDA stalled");
  set("C-0001", "PKG-A", "declined", "2026-03-05", "Sato", "no budget");
  v = set("C-0001", "PKG-A", "lead", "2026-06-01", "Tanaka", "new budget year");
  EXPECT_EQ(v.deal.stage, DealStage::kLead);
  EXPECT_EQ(v.history.size(), 6u);
  EXPECT_EQ(v.history[5].from, DealStage::kDeclined);
  // show() says the same; the change history has one record per change.
  auto shown = deals_->show("C-0001", "PKG-A");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->history.size(), 6u);
  EXPECT_EQ(shown->deal.changed_on, d("2026-06-01"));
  auto log = list_changes(*db_, {"deal", "C-0001/PKG-A", 100});
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[0].action, "deal.set");
  EXPECT_EQ(log[0].actor, "tester");
  EXPECT_EQ(count("SELECT COUNT(*) FROM deal"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deal_event"), 6);
}

TEST_P(DealServiceTest, RefusalsWriteNothing) {
  set("C-0001", "PKG-A", "contacted", "2026-02-10", "Sato");
  refused({"C-9999", "PKG-A", "lead", d("2026-03-01"), "Sato", ""}, "unknown_company", "'C-9999'");
  refused({"C-0001", "PKG-Z", "lead", d("2026-03-01"), "Sato", ""}, "unknown_package", "'PKG-Z'");
  refused({"U-TOKYO", "PKG-A", "lead", d("2026-03-01"), "Sato", ""}, "not_a_company",
          "U-TOKYO is a university, not a company");
  refused({"C-0001", "PKG-A", "signed", d("2026-03-01"), "Sato", ""}, "bad_stage",
          "unknown stage 'signed': use lead, contacted");
  refused({"C-0001", "PKG-A", "nda", d("2026-03-01"), "  ", ""}, "bad_staff", "staff");
  // Issue 18 point 17: a deal names a registered staff member.
  refused({"C-0001", "PKG-A", "nda", d("2026-03-01"), "Nobody", ""}, "unknown_staff",
          "no staff member Nobody (register one with chizai staff add)");
  refused({"C-0001", "PKG-A", "contacted", d("2026-03-01"), "Sato", ""}, "already_at_stage",
          "already at stage contacted");
  refused({"C-0001", "PKG-A", "nda", d("2026-02-09"), "Sato", ""}, "date_before_previous_change",
          "2026-02-09 is before the deal's previous change on 2026-02-10");
  // licensed by hand: refused for an open deal and for a new one.
  refused({"C-0001", "PKG-A", "licensed", d("2026-03-01"), "Sato", ""}, "agreement_required",
          "licensed only when a licence agreement is recorded");
  refused({"C-0002", "PKG-B", "licensed", d("2026-03-01"), "Sato", ""}, "agreement_required",
          "licensed only when a licence agreement is recorded");
  EXPECT_FALSE(deals_->show("C-0002", "PKG-B").ok());
}

TEST_P(DealServiceTest, HistoryIsAppendOnlyInTheDatabase) {
  set("C-0001", "PKG-A", "lead", "2026-02-01", "Tanaka");
  EXPECT_ANY_THROW(soci_session(*db_) << "UPDATE deal_event SET note = 'rewritten'");
  EXPECT_ANY_THROW(soci_session(*db_) << "DELETE FROM deal_event");
  EXPECT_EQ(count("SELECT COUNT(*) FROM deal_event"), 1);
}

TEST_P(DealServiceTest, AnAgreementLicensesTheDeal) {
  set("C-0001", "PKG-A", "lead", "2026-01-10", "Tanaka");
  set("C-0001", "PKG-A", "negotiation", "2026-03-01", "Sato", "terms sent");
  agreement("LIC-1", "C-0001", R"("package":"PKG-A")", "2026-04-01");
  auto v = deals_->show("C-0001", "PKG-A");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->deal.stage, DealStage::kLicensed);
  EXPECT_EQ(v->deal.agreement, "LIC-1");
  EXPECT_EQ(v->deal.changed_on, d("2026-04-01"));  // the agreement's start
  EXPECT_EQ(v->deal.staff, "Sato");                // the deal keeps its staff member
  ASSERT_EQ(v->history.size(), 3u);
  EXPECT_EQ(v->history[2].from, DealStage::kNegotiation);
  EXPECT_EQ(v->history[2].to, DealStage::kLicensed);
  EXPECT_EQ(v->history[2].agreement, "LIC-1");
  EXPECT_EQ(v->history[2].on, d("2026-04-01"));
  EXPECT_EQ(v->history[2].note, "agreement LIC-1");
  // No going back from licensed, to any stage.
  for (const char* stage : {"lead", "contacted", "nda", "negotiation", "declined"}) {
    refused({"C-0001", "PKG-A", stage, d("2026-05-01"), "Sato", ""}, "deal_licensed",
            "licensed by an agreement; a licensed deal cannot go back to " + std::string(stage));
  }
  // An agreement with a company without a deal opens one, licensed; the
  // person who recorded the agreement ("clerk") is no registered staff
  // member, so the deal has none.
  agreement("LIC-2", "C-0002", R"("package":"PKG-A")", "2026-05-01");
  v = deals_->show("C-0002", "PKG-A");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->deal.stage, DealStage::kLicensed);
  EXPECT_EQ(v->deal.staff, "");
  EXPECT_EQ(v->deal.opened_on, d("2026-05-01"));
  ASSERT_EQ(v->history.size(), 1u);
  EXPECT_FALSE(v->history[0].from.has_value());
  EXPECT_EQ(v->history[0].agreement, "LIC-2");
  auto log = list_changes(*db_, {"deal", "C-0002/PKG-A", 10});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "deal.licensed");
}

TEST_P(DealServiceTest, AnAgreementOnPatentsOfOnePackageLicensesThatDeal) {
  set("C-0003", "PKG-B", "nda", "2026-02-01", "Sato");
  // P2 and P3 are both in PKG-B (and only there): that deal is licensed.
  agreement("LIC-3", "C-0003", R"("patents":["JP2020000002A","JP2020000003A"])", "2026-04-01");
  auto v = deals_->show("C-0003", "PKG-B");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->deal.stage, DealStage::kLicensed);
  EXPECT_EQ(v->deal.agreement, "LIC-3");
  // P1 and P2 are in different packages: no deal moves or opens.
  const long long deals_before = count("SELECT COUNT(*) FROM deal");
  agreement("LIC-4", "C-0002", R"("patents":["JP2020000001A","JP2020000002A"])", "2026-04-01");
  EXPECT_EQ(count("SELECT COUNT(*) FROM deal"), deals_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deal_event"), 2);
}

TEST_P(DealServiceTest, ListFilters) {
  set("C-0001", "PKG-A", "nda", "2026-02-01", "Sato");
  set("C-0002", "PKG-A", "lead", "2026-02-01", "Tanaka");
  set("C-0003", "PKG-B", "nda", "2026-02-01", "Tanaka");
  set("C-0004", "PKG-B", "contacted", "2026-02-01", "Sato");
  auto codes = [&](const DealFilter& f) {
    auto r = deals_->list(f, {});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& s : r->items) out.push_back(s.company + "/" + s.package);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(codes({}), (V{"C-0001/PKG-A", "C-0002/PKG-A", "C-0003/PKG-B", "C-0004/PKG-B"}));
  EXPECT_EQ(codes({"nda", "", ""}), (V{"C-0001/PKG-A", "C-0003/PKG-B"}));
  EXPECT_EQ(codes({"", "Tanaka", ""}), (V{"C-0002/PKG-A", "C-0003/PKG-B"}));
  EXPECT_EQ(codes({"", "", "europe"}), (V{"C-0002/PKG-A", "C-0003/PKG-B"}));
  EXPECT_EQ(codes({"nda", "Tanaka", "europe"}), (V{"C-0003/PKG-B"}));
  EXPECT_EQ(codes({"", "", "china"}), V{});
  auto bad = deals_->list({"won", "", ""}, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "bad_stage");
  bad = deals_->list({"", "", "mars"}, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "bad_region");
  bad = deals_->list({}, {"C-0001", 10});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "cursor");
  auto missing = deals_->show("C-0004", "PKG-A");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "unknown_deal");
}

// The hand-made set, as of 2026-03-31 (days in stage = 2026-03-31 − date):
//  D1 C-0001/PKG-A japan: lead 01-10, contacted 01-20 (Tanaka), nda 02-01,
//     negotiation 03-01 (Sato); declined 04-10 is after the report date.
//     → negotiation, Sato, 30 days; furthest step negotiation.
//  D2 C-0002/PKG-A europe: lead 01-15, contacted 02-15, declined 03-21 (Tanaka)
//     → declined, Tanaka, 10 days; furthest step contacted.
//  D3 C-0003/PKG-B europe: opened at contacted 02-01 (Sato)
//     → contacted, Sato, 58 days (28 + 30); furthest step contacted.
//  D4 C-0004/PKG-B no region: lead 03-11 (Tanaka) → lead, 20 days.
//  D5 C-0001/PKG-B japan: lead 02-01 (Tanaka), agreement LIC-1 from 03-16
//     → licensed, Tanaka (kept), 15 days; furthest step licensed.
//  D6 C-0003/PKG-A europe: lead 03-26 (Suzuki) → lead, 5 days.
//  D7 C-0002/PKG-B: lead 04-05, after the report date → not counted.
class PipelineReportTest : public DealServiceTest {
 protected:
  void SetUp() override {
    DealServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    set("C-0001", "PKG-A", "lead", "2026-01-10", "Tanaka");
    set("C-0001", "PKG-A", "contacted", "2026-01-20", "Tanaka");
    set("C-0001", "PKG-A", "nda", "2026-02-01", "Sato");
    set("C-0001", "PKG-A", "negotiation", "2026-03-01", "Sato");
    set("C-0001", "PKG-A", "declined", "2026-04-10", "Sato");
    set("C-0002", "PKG-A", "lead", "2026-01-15", "Tanaka");
    set("C-0002", "PKG-A", "contacted", "2026-02-15", "Tanaka");
    set("C-0002", "PKG-A", "declined", "2026-03-21", "Tanaka");
    set("C-0003", "PKG-B", "contacted", "2026-02-01", "Sato");
    set("C-0004", "PKG-B", "lead", "2026-03-11", "Tanaka");
    set("C-0001", "PKG-B", "lead", "2026-02-01", "Tanaka");
    agreement("LIC-1", "C-0001", R"("package":"PKG-B")", "2026-03-16");
    set("C-0003", "PKG-A", "lead", "2026-03-26", "Suzuki");
    set("C-0002", "PKG-B", "lead", "2026-04-05", "Tanaka");
  }
};

AgeStats ages(std::int64_t count, std::int64_t min, std::int64_t median, std::int64_t mean, std::int64_t max) {
  return AgeStats{count, min, median, mean, max};
}

void expect_cell(const StageCell& c, DealStage stage, const AgeStats& a) {
  EXPECT_EQ(c.stage, stage);
  EXPECT_EQ(c.ages.count, a.count) << to_string(stage);
  EXPECT_EQ(c.ages.min_days, a.min_days) << to_string(stage);
  EXPECT_EQ(c.ages.median_days, a.median_days) << to_string(stage);
  EXPECT_EQ(c.ages.mean_days, a.mean_days) << to_string(stage);
  EXPECT_EQ(c.ages.max_days, a.max_days) << to_string(stage);
}

TEST_P(PipelineReportTest, FiguresAsOfADay) {
  const PipelineReport r = deals_->report(d("2026-03-31"));
  EXPECT_EQ(r.as_of, d("2026-03-31"));
  EXPECT_EQ(r.deals, 6);
  ASSERT_EQ(r.by_stage.size(), 6u);
  // lead: D4 20, D6 5 → min 5, lower median 5, mean 12.5 → 13, max 20.
  expect_cell(r.by_stage[0], DealStage::kLead, ages(2, 5, 5, 13, 20));
  expect_cell(r.by_stage[1], DealStage::kContacted, ages(1, 58, 58, 58, 58));
  expect_cell(r.by_stage[2], DealStage::kNda, ages(0, 0, 0, 0, 0));
  expect_cell(r.by_stage[3], DealStage::kNegotiation, ages(1, 30, 30, 30, 30));
  expect_cell(r.by_stage[4], DealStage::kLicensed, ages(1, 15, 15, 15, 15));
  expect_cell(r.by_stage[5], DealStage::kDeclined, ages(1, 10, 10, 10, 10));

  // By staff: Sato D1 (negotiation 30), D3 (contacted 58); Suzuki D6 (lead 5);
  // Tanaka D2 (declined 10), D4 (lead 20), D5 (licensed 15).
  ASSERT_EQ(r.by_staff.size(), 3u);
  EXPECT_EQ(r.by_staff[0].key, "Sato");
  EXPECT_EQ(r.by_staff[0].deals, 2);
  ASSERT_EQ(r.by_staff[0].stages.size(), 2u);
  expect_cell(r.by_staff[0].stages[0], DealStage::kContacted, ages(1, 58, 58, 58, 58));
  expect_cell(r.by_staff[0].stages[1], DealStage::kNegotiation, ages(1, 30, 30, 30, 30));
  EXPECT_EQ(r.by_staff[1].key, "Suzuki");
  EXPECT_EQ(r.by_staff[1].deals, 1);
  ASSERT_EQ(r.by_staff[1].stages.size(), 1u);
  expect_cell(r.by_staff[1].stages[0], DealStage::kLead, ages(1, 5, 5, 5, 5));
  EXPECT_EQ(r.by_staff[2].key, "Tanaka");
  EXPECT_EQ(r.by_staff[2].deals, 3);
  ASSERT_EQ(r.by_staff[2].stages.size(), 3u);
  expect_cell(r.by_staff[2].stages[0], DealStage::kLead, ages(1, 20, 20, 20, 20));
  expect_cell(r.by_staff[2].stages[1], DealStage::kLicensed, ages(1, 15, 15, 15, 15));
  expect_cell(r.by_staff[2].stages[2], DealStage::kDeclined, ages(1, 10, 10, 10, 10));

  // By region: "" D4 (lead 20); europe D2 (declined 10), D3 (contacted 58),
  // D6 (lead 5); japan D1 (negotiation 30), D5 (licensed 15).
  ASSERT_EQ(r.by_region.size(), 3u);
  EXPECT_EQ(r.by_region[0].key, "");
  EXPECT_EQ(r.by_region[0].deals, 1);
  EXPECT_EQ(r.by_region[1].key, "europe");
  EXPECT_EQ(r.by_region[1].deals, 3);
  ASSERT_EQ(r.by_region[1].stages.size(), 3u);
  expect_cell(r.by_region[1].stages[0], DealStage::kLead, ages(1, 5, 5, 5, 5));
  expect_cell(r.by_region[1].stages[1], DealStage::kContacted, ages(1, 58, 58, 58, 58));
  expect_cell(r.by_region[1].stages[2], DealStage::kDeclined, ages(1, 10, 10, 10, 10));
  EXPECT_EQ(r.by_region[2].key, "japan");
  EXPECT_EQ(r.by_region[2].deals, 2);

  // Furthest steps: D1 negotiation, D2 contacted, D3 contacted, D4 lead,
  // D5 licensed, D6 lead.
  //  lead → contacted: 6 reached lead, 4 went further: 6666 bps (rounded down)
  //  contacted → nda: 4 reached, 2 (D1, D5): 5000
  //  nda → negotiation: 2 reached, 2: 10000
  //  negotiation → licensed: 2 reached, 1 (D5): 5000
  ASSERT_EQ(r.conversion.size(), 4u);
  const std::vector<std::vector<std::int64_t>> expected = {{6, 4, 6666}, {4, 2, 5000}, {2, 2, 10000}, {2, 1, 5000}};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.conversion[i].from, all_deal_stages()[i]);
    EXPECT_EQ(r.conversion[i].to, all_deal_stages()[i + 1]);
    EXPECT_EQ(r.conversion[i].reached, expected[i][0]) << i;
    EXPECT_EQ(r.conversion[i].advanced, expected[i][1]) << i;
    EXPECT_EQ(r.conversion[i].rate_bps, expected[i][2]) << i;
  }
}

TEST_P(PipelineReportTest, EarlierDayAndLaterDay) {
  // 2026-03-15: D5 is still a lead (the agreement starts on 03-16), D6 and
  // D7 do not exist, D2 is contacted (since 02-15: 28 days), D4 lead 4 days.
  PipelineReport r = deals_->report(d("2026-03-15"));
  EXPECT_EQ(r.deals, 5);
  // lead: D4 4, D5 42 (02-01 → 03-15) → mean 23.
  expect_cell(r.by_stage[0], DealStage::kLead, ages(2, 4, 4, 23, 42));
  // contacted: D2 28, D3 42 → lower median 28, mean 35.
  expect_cell(r.by_stage[1], DealStage::kContacted, ages(2, 28, 28, 35, 42));
  expect_cell(r.by_stage[4], DealStage::kLicensed, ages(0, 0, 0, 0, 0));
  EXPECT_EQ(r.conversion[3].reached, 1);  // D1 only
  EXPECT_EQ(r.conversion[3].advanced, 0);
  EXPECT_EQ(r.conversion[3].rate_bps, 0);
  // 2026-04-30: D1 declined 04-10 (20 days), D7 lead 04-05 (25 days).
  r = deals_->report(d("2026-04-30"));
  EXPECT_EQ(r.deals, 7);
  expect_cell(r.by_stage[5], DealStage::kDeclined, ages(2, 20, 20, 30, 40));  // D1 20, D2 40
  EXPECT_EQ(r.by_stage[3].ages.count, 0);
  // Before any deal: empty, conversions 0.
  r = deals_->report(d("2025-12-31"));
  EXPECT_EQ(r.deals, 0);
  EXPECT_TRUE(r.by_staff.empty());
  EXPECT_EQ(r.conversion[0].reached, 0);
  EXPECT_EQ(r.conversion[0].rate_bps, 0);
}

TEST_P(DealServiceTest, AnAgreementDatedBeforeTheLastChangeStillLicenses) {
  set("C-0001", "PKG-A", "negotiation", "2026-05-01", "Sato");
  agreement("LIC-9", "C-0001", R"("package":"PKG-A")", "2026-04-01");
  auto v = deals_->show("C-0001", "PKG-A");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->deal.stage, DealStage::kLicensed);
  EXPECT_EQ(v->deal.changed_on, d("2026-04-01"));
  // The report follows the order recorded: licensed from 04-01 on.
  PipelineReport r = deals_->report(d("2026-05-10"));
  expect_cell(r.by_stage[4], DealStage::kLicensed, ages(1, 39, 39, 39, 39));
  r = deals_->report(d("2026-04-15"));
  expect_cell(r.by_stage[4], DealStage::kLicensed, ages(1, 14, 14, 14, 14));
}

// Issue 18 point 17: one person in both scripts is one staff member, and
// the report groups by that member, named.
TEST_P(DealServiceTest, ThePipelineGroupsByRegisteredStaffMemberWithNames) {
  ASSERT_TRUE(StaffService(*db_, "tester").put({"ST-KATO", "Kato Yumi", "加藤由美", "europe", ""}).ok());
  set("C-0001", "PKG-A", "lead", "2026-02-01", "ST-KATO");
  set("C-0002", "PKG-B", "contacted", "2026-02-05", "ST-KATO");
  const PipelineReport r = deals_->report(d("2026-03-01"));
  ASSERT_EQ(r.by_staff.size(), 1u);
  EXPECT_EQ(r.by_staff[0].key, "ST-KATO");
  EXPECT_EQ(r.by_staff[0].name, "Kato Yumi (加藤由美)");
  EXPECT_EQ(r.by_staff[0].deals, 2);
  auto v = deals_->show("C-0001", "PKG-A");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->deal.staff_name, "Kato Yumi (加藤由美)");
  EXPECT_EQ(v->deal.package_name, "Anode");
  EXPECT_EQ(v->history[0].staff_name, "Kato Yumi (加藤由美)");
}

TEST_P(DealServiceTest, StaffMembersAreCheckedAndListed) {
  StaffService staff(*db_, "tester");
  EXPECT_EQ(staff.put({"ST-KATO", "Kato", "加藤", "europe", ""}).value(), "inserted");
  EXPECT_EQ(staff.put({"ST-KATO", "Kato", "加藤", "europe", ""}).value(), "unchanged");
  EXPECT_EQ(staff.put({"ST-KATO", "Kato Yumi", "加藤", "europe", ""}).value(), "updated");
  for (const auto& [bad, field] : {std::pair{StaffMember{"bad code", "X", "", "japan", ""}, "code"},
                                   std::pair{StaffMember{"ST-1", "", "", "japan", ""}, "name_latin"},
                                   std::pair{StaffMember{"ST-1", "加藤", "", "japan", ""}, "name_latin"},
                                   std::pair{StaffMember{"ST-1", "Kato", "Kato", "japan", ""}, "name_ja"},
                                   std::pair{StaffMember{"ST-1", "Kato", "", "mars", ""}, "region"}}) {
    auto r = staff.put(bad);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.error().code, "bad_staff");
    EXPECT_EQ(r.error().field, field);
  }
  auto europe = staff.list("europe", {});
  ASSERT_TRUE(europe.ok());
  ASSERT_EQ(europe->items.size(), 1u);
  EXPECT_EQ(europe->items[0].name_latin, "Kato Yumi");
  auto page = staff.list("", {"", 2});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->next, page->items.back().code);
  EXPECT_EQ(staff.show("ST-NONE").error().code, "unknown_staff");
}

// Issue 18 point 17: sql/0017 turns the deals' free-text staff names into
// staff records, one per distinct name (Sato and 佐藤 stay two until merged),
// and the deals and their history into those codes: nothing is lost.
class StaffMigrationTest : public testing::BackendTest {};

TEST_P(StaffMigrationTest, FreeTextNamesBecomeStaffRecords) {
  testing::TestDb tdb(GetParam());
  auto db = tdb.open();
  auto files = embedded_migration_files();
  // Everything before 0017 (later migrations exist and run afterwards).
  const auto staff_file = std::find_if(files.begin(), files.end(),
                                       [](const MigrationFile& f) { return f.name == "0017_staff.sql"; });
  ASSERT_NE(staff_file, files.end());
  const std::vector<MigrationFile> before(files.begin(), staff_file);
  ASSERT_TRUE(migrate(*db, before).ok());
  auto& sql = soci_session(*db);
  sql << "INSERT INTO institution (code, kind, name_en, country, content_hash) VALUES ('C-1', 'company', 'C', 'JP', 'h')";
  sql << "INSERT INTO package (code, name_en, status, created_on) VALUES ('P-1', 'P', 'marketed', '2026-01-01')";
  sql << "INSERT INTO package (code, name_en, status, created_on) VALUES ('P-2', 'P2', 'marketed', '2026-01-01')";
  for (const auto& [pkg, first, last] : {std::tuple{"P-1", "Sato", "佐藤"}, std::tuple{"P-2", "Tanaka", "Tanaka"}}) {
    const std::string p(pkg), a(first), b(last);
    sql << "INSERT INTO deal (institution_id, package_id, stage, staff, changed_on, opened_on) "
           "SELECT i.id, k.id, 'contacted', :s, '2026-02-01', '2026-01-10' FROM institution i, package k "
           "WHERE i.code = 'C-1' AND k.code = :p",
        soci::use(b), soci::use(p);
    sql << "INSERT INTO deal_event (deal_id, from_stage, to_stage, changed_on, staff, note, recorded_at) "
           "SELECT d.id, NULL, 'lead', '2026-01-10', :s, '', '2026-01-10T00:00:00Z' FROM deal d "
           "JOIN package k ON k.id = d.package_id WHERE k.code = :p",
        soci::use(a), soci::use(p);
    sql << "INSERT INTO deal_event (deal_id, from_stage, to_stage, changed_on, staff, note, recorded_at) "
           "SELECT d.id, 'lead', 'contacted', '2026-02-01', :s, '', '2026-02-01T00:00:00Z' FROM deal d "
           "JOIN package k ON k.id = d.package_id WHERE k.code = :p",
        soci::use(b), soci::use(p);
  }
  ASSERT_TRUE(migrate(*db, files).ok());
  // Three distinct names, coded in name order (bytewise: Sato, Tanaka, 佐藤).
  StaffService staff(*db, "tester");
  const auto all = staff.list("", {}).value().items;
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].code, "STAFF-1");
  EXPECT_EQ(all[0].name_latin, "Sato");
  EXPECT_EQ(all[0].legacy_name, "Sato");
  EXPECT_EQ(all[1].code, "STAFF-2");
  EXPECT_EQ(all[1].name_latin, "Tanaka");
  EXPECT_EQ(all[2].code, "STAFF-3");
  EXPECT_EQ(all[2].name_ja, "佐藤");
  EXPECT_EQ(all[2].name_latin, "");
  EXPECT_EQ(all[2].region, "");
  DealService deals(*db, "tester");
  auto v = deals.show("C-1", "P-1");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->deal.staff, "STAFF-3");
  EXPECT_EQ(v->deal.staff_name, "佐藤");
  ASSERT_EQ(v->history.size(), 2u);
  EXPECT_EQ(v->history[0].staff, "STAFF-1");
  EXPECT_EQ(v->history[1].staff, "STAFF-3");
  // The history stays append-only after the migration.
  EXPECT_ANY_THROW(sql << "UPDATE deal_event SET note = 'x'");
  const PipelineReport r = deals.report(d("2026-03-01"));
  ASSERT_EQ(r.by_staff.size(), 2u);
  EXPECT_EQ(r.by_staff[0].key, "STAFF-2");
  EXPECT_EQ(r.by_staff[1].key, "STAFF-3");
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffMigrationTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, DealServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, PipelineReportTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
