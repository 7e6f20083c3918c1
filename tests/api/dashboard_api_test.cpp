// GET /api/v1/programme/dashboard over real HTTP, on SQLite and PostgreSQL:
// the home page's figures per role (null where the role has no right to a
// figure), a scoped user's own institution's only; open months from the next
// one to close up to as_of's month; statements issued at this month's
// closes; licence income by month net of a reversal; approved candidates not
// yet aggregated.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <sstream>
#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "store/session.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Json;
using testing::Reply;

class DashboardApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        api_->db(), testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "C-0001"}),
        testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                               testing::patent("JP2020000002A").title("Separator").owner("U-KYOTO"),
                               testing::patent("JP2020000003A").title("Anode").owner("U-KYOTO")})));
    sql("INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-A', 'Electrodes', 'marketed', "
        "'2026-01-01')");
    testing::insert_agreement(api_->db(), {.reference = "LIC-1", .package = "PKG-A"});
    // June: 1,000,000 received; July: 500,000 received, then 100,000 of it
    // reversed in July; a payout (not income) in July.
    entry("2026-06-20", "payment", "PAY-1",
          {"assets:cash:JPY 1000000", "liabilities:undistributed 1000000", "income:aggregator -333334",
           "liabilities:payable:U-TOKYO -444444", "liabilities:payable:U-KYOTO -222222"});
    entry("2026-07-15", "payment", "PAY-2",
          {"assets:cash:JPY 500000", "income:aggregator -166667", "liabilities:payable:U-TOKYO -222222",
           "liabilities:payable:U-KYOTO -111111"});
    entry("2026-07-20", "payment_reversal", "PAY-2",
          {"assets:cash:JPY -100000", "income:aggregator 33334", "liabilities:payable:U-TOKYO 44444",
           "liabilities:payable:U-KYOTO 22222"});
    entry("2026-07-25", "payout", "PO-1", {"liabilities:payable:U-TOKYO 400000", "assets:cash:JPY -400000"});
    // Evaluations: KYOTO's 0002 approved (awaiting), 0003 approved then
    // declined (decided), TOKYO's 0001 approved and aggregated.
    evaluate("JP2020000002A", "2026-05-01", "approve");
    evaluate("JP2020000003A", "2026-05-01", "approve");
    evaluate("JP2020000003A", "2026-05-20", "decline");
    evaluate("JP2020000001A", "2026-05-01", "approve");
    sql("INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason) SELECT p.id, i.id, "
        "'mandate', '2026-06-01', 'core' FROM patent p, institution i WHERE p.application_number = "
        "'JP2020000001A' AND i.code = 'AGG-JST'");
    // June closed on 2026-08-03, with a statement to each payee.
    sql("INSERT INTO closed_month (month, closed_at) VALUES ('2026-06', '2026-08-03T09:00:00Z')");
    sql("INSERT INTO statement (institution_id, month, sha256, body) SELECT id, '2026-06', 'x', '{}' FROM "
        "institution WHERE code IN ('U-TOKYO', 'U-KYOTO')");
  }

  void sql(const std::string& text) { soci_session(api_->db()) << text; }

  void entry(const std::string& day, const std::string& kind, const std::string& ref,
             const std::vector<std::string>& postings) {
    sql("INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) VALUES ('" + day + "', '" +
        kind + "', '" + ref + "', '" + kind + "', '2026-11-01T00:00:00Z')");
    for (const auto& p : postings) {
      std::istringstream in(p);
      std::string account, amount;
      in >> account >> amount;
      sql("INSERT INTO posting (entry_id, account, currency, amount_minor) VALUES ((SELECT MAX(id) FROM "
          "journal_entry), '" + account + "', 'JPY', " + amount + ")");
    }
  }

  void evaluate(const std::string& number, const std::string& day, const std::string& decision) {
    sql("INSERT INTO evaluation (patent_id, evaluated_on, technology, market, rights, evaluator, decision, reason) "
        "SELECT id, '" + day + "', 3, 3, 3, 'Ito', '" + decision + "', 'r' FROM patent WHERE application_number = '" +
        number + "'");
  }

  Json dashboard(Role role, const std::string& institution = "", const std::string& as_of = "2026-08-15") {
    const Reply r = api_->get("/api/v1/programme/dashboard?as_of=" + as_of, api_->token(role, institution));
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r.body);
  }

  std::unique_ptr<ApiHarness> api_;
};

TEST_P(DashboardApiTest, AdminSeesTheWholeProgramme) {
  Json d = dashboard(Role::kAdmin);
  EXPECT_EQ(d.str("/as_of"), "2026-08-15");
  EXPECT_TRUE(d.is_null("/institution"));
  EXPECT_EQ(d.num("/candidates_awaiting"), 1);  // KYOTO's 0002 only
  ASSERT_EQ(d.size("/open_months"), 1u);        // July; August is the current month
  EXPECT_EQ(d.str("/open_months/0"), "2026-07");
  EXPECT_EQ(d.num("/statements_issued_this_month"), 2);
  ASSERT_EQ(d.size("/income_by_month"), 2u);
  EXPECT_EQ(d.str("/income_by_month/0/month"), "2026-06");
  EXPECT_EQ(d.str("/income_by_month/0/currency"), "JPY");
  EXPECT_EQ(d.num("/income_by_month/0/amount_minor"), 1000000);
  EXPECT_EQ(d.str("/income_by_month/1/month"), "2026-07");
  EXPECT_EQ(d.num("/income_by_month/1/amount_minor"), 400000);  // 500,000 less the 100,000 reversed

  // A month later: statements issued in September: none; July and August open.
  Json later = dashboard(Role::kAdmin, "", "2026-09-30");
  EXPECT_EQ(later.num("/statements_issued_this_month"), 0);
  ASSERT_EQ(later.size("/open_months"), 2u);
  EXPECT_EQ(later.str("/open_months/1"), "2026-08");
}

TEST_P(DashboardApiTest, EachRoleGetsOnlyTheFiguresItsRightsCover) {
  Json finance = dashboard(Role::kFinance);
  EXPECT_TRUE(finance.is_null("/candidates_awaiting"));
  EXPECT_EQ(finance.size("/open_months"), 1u);
  EXPECT_EQ(finance.num("/statements_issued_this_month"), 2);
  EXPECT_EQ(finance.size("/income_by_month"), 2u);

  Json tech = dashboard(Role::kTechTransfer);
  EXPECT_EQ(tech.num("/candidates_awaiting"), 1);
  EXPECT_TRUE(tech.is_null("/open_months"));
  EXPECT_TRUE(tech.is_null("/statements_issued_this_month"));
  EXPECT_EQ(tech.size("/income_by_month"), 2u);

  // Scoped users: their own institution's figures only.
  Json tokyo = dashboard(Role::kInstitutionViewer, "U-TOKYO");
  EXPECT_EQ(tokyo.str("/institution"), "U-TOKYO");
  EXPECT_TRUE(tokyo.is_null("/candidates_awaiting"));
  EXPECT_TRUE(tokyo.is_null("/open_months"));
  EXPECT_EQ(tokyo.num("/statements_issued_this_month"), 1);
  ASSERT_EQ(tokyo.size("/income_by_month"), 2u);
  EXPECT_EQ(tokyo.num("/income_by_month/0/amount_minor"), 444444);
  EXPECT_EQ(tokyo.num("/income_by_month/1/amount_minor"), 177778);  // 222,222 − 44,444; the payout is not income

  Json kyoto = dashboard(Role::kIpManager, "U-KYOTO");
  EXPECT_EQ(kyoto.str("/institution"), "U-KYOTO");
  EXPECT_EQ(kyoto.num("/candidates_awaiting"), 1);
  EXPECT_EQ(kyoto.num("/income_by_month/0/amount_minor"), 222222);
  Json tokyo_manager = dashboard(Role::kIpManager, "U-TOKYO");
  EXPECT_EQ(tokyo_manager.num("/candidates_awaiting"), 0);  // its one approved patent is aggregated

  testing::expect_error_code(api_->get("/api/v1/programme/dashboard?as_of=soon", api_->token(Role::kAdmin)), 400,
                             "bad_request", "as_of");
  EXPECT_EQ(api_->get("/api/v1/programme/dashboard", "").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, DashboardApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
