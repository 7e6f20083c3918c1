// Month close and royalty statements over real HTTP (tests/support/
// api_harness), on SQLite and PostgreSQL: POST /api/v1/close with the real
// hooks, GET /api/v1/statements/{institution}/{month} in JSON, CSV and HTML
// (Accept or ?format=) byte-identical to the CLI's renderings, the list of an
// institution's statements, every refusal path, role refusals and
// object-level institution scoping.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <soci/soci.h>

#include <sstream>
#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "ledger/statement.h"
#include "services/close_service.h"
#include "services/registry_service.h"
#include "render/statement_print.h"
#include "render/statement.h"
#include "store/session.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::Json;
using testing::expect_error_code;

const std::string kPatents =
    testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                           testing::patent("JP2020000002A").title("Separator").owner("U-KYOTO")});

class CloseApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    api_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        api_->db(),
        testing::institutions({"AGG-JST", "U-TOKYO"}, testing::Names::kBilingual) +
            testing::institution("U-KYOTO", "university", "Kyoto <University> & Co", "JP", "京都大学") +
            testing::institutions({"C-0001"}),
        kPatents));
    seed_ledger();
    admin_ = api_->token(Role::kAdmin);
    finance_ = api_->token(Role::kFinance);
    tech_ = api_->token(Role::kTechTransfer);
    tokyo_viewer_ = api_->token(Role::kInstitutionViewer, "U-TOKYO");
    tokyo_manager_ = api_->token(Role::kIpManager, "U-TOKYO");
  }

  void sql(const std::string& text) { soci_session(api_->db()) << text; }

  // A journal entry with postings "ACCOUNT AMOUNT [INSTITUTION PATENT SHARE]".
  void entry(const std::string& day, const std::string& kind, const std::string& ref,
             const std::vector<std::string>& postings) {
    sql("INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) VALUES ('" + day + "', '" +
        kind + "', '" + ref + "', '" + kind + " " + ref + "', '2026-11-01T00:00:00Z')");
    for (const auto& p : postings) {
      std::istringstream in(p);
      std::string account, amount, inst, patent, share;
      in >> account >> amount >> inst >> patent >> share;
      if (inst.empty()) {
        sql("INSERT INTO posting (entry_id, account, currency, amount_minor) VALUES ((SELECT MAX(id) FROM "
            "journal_entry), '" + account + "', 'JPY', " + amount + ")");
      } else if (patent.empty()) {  // a payout
        sql("INSERT INTO posting (entry_id, account, currency, amount_minor, institution_id) SELECT (SELECT "
            "MAX(id) FROM journal_entry), '" + account + "', 'JPY', " + amount + ", id FROM institution WHERE "
            "code = '" + inst + "'");
      } else {
        sql("INSERT INTO posting (entry_id, account, currency, amount_minor, institution_id, agreement_id, "
            "patent_id, income_type, share, payment_reference) SELECT (SELECT MAX(id) FROM journal_entry), '" +
            account + "', 'JPY', " + amount + ", i.id, (SELECT id FROM agreement WHERE reference = 'LIC-1'), "
            "(SELECT id FROM patent WHERE application_number = '" + patent + "'), 'running_royalty', '" + share +
            "', '" + ref + "' FROM institution i WHERE i.code = '" + inst + "'");
      }
    }
  }

  // June: PAY-1 1,000,000 → U-TOKYO 444,444, U-KYOTO 222,222, aggregator 333,334.
  // July: payout PO-1 400,000 to U-TOKYO; PAY-2 500,000 → U-TOKYO 222,222,
  // U-KYOTO 111,111, aggregator 166,667.
  void seed_ledger() {
    sql("INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-A', 'Electrodes', 'marketed', "
        "'2026-01-01')");
    testing::insert_agreement(api_->db(), {.reference = "LIC-1", .package = "PKG-A"});
    entry("2026-06-10", "invoice", "LIC-1/running_royalty",
          {"assets:receivable:C-0001 1000000", "liabilities:undistributed -1000000"});
    entry("2026-06-20", "payment", "PAY-1",
          {"assets:cash:JPY 1000000", "assets:receivable:C-0001 -1000000", "liabilities:undistributed 1000000",
           "income:aggregator -333334", "liabilities:payable:U-TOKYO -444444 U-TOKYO JP2020000001A 4/9",
           "liabilities:payable:U-KYOTO -222222 U-KYOTO JP2020000002A 2/9"});
    entry("2026-07-05", "payout", "PO-1",
          {"liabilities:payable:U-TOKYO 400000 U-TOKYO", "assets:cash:JPY -400000"});
    entry("2026-07-15", "invoice", "LIC-1/running_royalty",
          {"assets:receivable:C-0001 500000", "liabilities:undistributed -500000"});
    entry("2026-07-15", "payment", "PAY-2",
          {"assets:cash:JPY 500000", "assets:receivable:C-0001 -500000", "liabilities:undistributed 500000",
           "income:aggregator -166667", "liabilities:payable:U-TOKYO -222222 U-TOKYO JP2020000001A 4/9",
           "liabilities:payable:U-KYOTO -111111 U-KYOTO JP2020000002A 2/9"});
  }

  Reply close(const std::string& month, const std::string& token) {
    return api_->post("/api/v1/close", R"({"month":")" + month + R"("})", token);
  }

  // The stored statements and closed months (what "nothing written" compares).
  std::string closes() {
    std::string out;
    std::string month, sha;
    soci::statement st = (soci_session(api_->db()).prepare << "SELECT month, sha256 FROM statement ORDER BY 1, 2",
                          soci::into(month), soci::into(sha));
    st.execute();
    while (st.fetch()) out += month + " " + sha + "\n";
    long long n = 0;
    soci_session(api_->db()) << "SELECT COUNT(*) FROM closed_month", soci::into(n);
    return out + std::to_string(n);
  }

  std::string stored_sha(const std::string& institution, const std::string& month) {
    std::string sha;
    soci_session(api_->db()) << "SELECT s.sha256 FROM statement s JOIN institution i ON i.id = s.institution_id "
                        "WHERE i.code = :c AND s.month = :m",
        soci::use(institution), soci::use(month), soci::into(sha);
    return sha;
  }

  std::unique_ptr<ApiHarness> api_;
  std::string admin_, finance_, tech_, tokyo_viewer_, tokyo_manager_;
};

TEST_P(CloseApiTest, CloseIssuesStatementsOnceAndInOrder) {
  const Reply june = close("2026-06", finance_);
  ASSERT_EQ(june.status, 201) << june.body;
  Json j(june.body);
  EXPECT_EQ(j.str("/month"), "2026-06");
  EXPECT_FALSE(j.boolean("/already_closed"));
  // The aggregator's statement (333,334 from PAY-1) beside the institutions'.
  ASSERT_EQ(j.size("/statements"), 3u);
  EXPECT_EQ(j.str("/statements/0/institution"), "AGG-JST");
  EXPECT_EQ(j.num("/statements/0/closing_balance_minor"), 333334);
  EXPECT_EQ(j.str("/statements/1/institution"), "U-KYOTO");
  EXPECT_EQ(j.num("/statements/1/closing_balance_minor"), 222222);
  EXPECT_EQ(j.str("/statements/2/institution"), "U-TOKYO");
  EXPECT_EQ(j.num("/statements/2/closing_balance_minor"), 444444);
  EXPECT_EQ(j.str("/statements/2/sha256"), stored_sha("U-TOKYO", "2026-06"));
  EXPECT_EQ(j.str("/statements/2/render"),
            "chizai statement --institution U-TOKYO --month 2026-06 --format html");

  // Again: nothing written, the same hashes.
  const std::string before = closes();
  const Reply again = close("2026-06", admin_);
  ASSERT_EQ(again.status, 200) << again.body;
  Json a(again.body);
  EXPECT_TRUE(a.boolean("/already_closed"));
  EXPECT_EQ(a.str("/statements/1/sha256"), j.str("/statements/1/sha256"));
  EXPECT_EQ(a.str("/closed_at"), j.str("/closed_at"));
  EXPECT_EQ(closes(), before);

  // Out of order, malformed: refused, nothing written.
  expect_error_code(close("2026-09", finance_), 422, "month_out_of_order");
  expect_error_code(close("2026-6", finance_), 400, "bad_month", "month");
  expect_error_code(api_->post("/api/v1/close", R"({"month":202607})", finance_), 400, "bad_request", "month");
  expect_error_code(api_->post("/api/v1/close", R"({"month":"2026-07","force":true})", finance_), 400, "bad_request",
               "force");
  expect_error_code(api_->post("/api/v1/close", R"({})", finance_), 400, "bad_request", "month");
  EXPECT_EQ(closes(), before);

  // Who may close.
  EXPECT_EQ(close("2026-07", tech_).status, 403);
  EXPECT_EQ(close("2026-07", tokyo_manager_).status, 403);
  EXPECT_EQ(close("2026-07", tokyo_viewer_).status, 403);
  EXPECT_EQ(close("2026-07", "").status, 401);
  EXPECT_EQ(closes(), before);

  const Reply july = close("2026-07", admin_);
  ASSERT_EQ(july.status, 201) << july.body;
  Json jl(july.body);
  EXPECT_EQ(jl.num("/statements/0/closing_balance_minor"), 500001);  // 333,334 + 166,667
  EXPECT_EQ(jl.num("/statements/1/closing_balance_minor"), 333333);
  EXPECT_EQ(jl.num("/statements/2/closing_balance_minor"), 266666);

  // The aggregator's statement over HTTP, and the closed months.
  const Reply agg = api_->get("/api/v1/statements/AGG-JST/2026-07", finance_);
  ASSERT_EQ(agg.status, 200) << agg.body;
  Json ag(agg.body);
  EXPECT_EQ(ag.str("/party"), "aggregator");
  EXPECT_EQ(ag.num("/opening_balance_minor"), 333334);
  EXPECT_EQ(ag.num("/income_total_minor"), 166667);
  EXPECT_EQ(ag.num("/lines/0/amount_minor"), 166667);
  const Reply months = api_->get("/api/v1/closes?limit=1", finance_);
  ASSERT_EQ(months.status, 200) << months.body;
  Json m(months.body);
  ASSERT_EQ(m.size("/items"), 1u);
  EXPECT_EQ(m.str("/items/0/month"), "2026-06");
  EXPECT_EQ(m.num("/items/0/statements"), 3);
  ASSERT_FALSE(m.is_null("/next_cursor"));
  const Reply next = api_->get("/api/v1/closes?limit=1&cursor=" + m.str("/next_cursor"), finance_);
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(Json(next.body).str("/items/0/month"), "2026-07");
  EXPECT_EQ(api_->get("/api/v1/closes", tokyo_viewer_).status, 403);
}

// A dry run says what the close would issue (the same statements and
// hashes as the real close then issues), writes nothing, and is refused as
// the close would be.
TEST_P(CloseApiTest, DryRunShowsWhatWouldBeIssuedAndWritesNothing) {
  const std::string before = closes();
  const Reply preview = api_->post("/api/v1/close", R"({"month":"2026-06","dry_run":true})", finance_);
  ASSERT_EQ(preview.status, 200) << preview.body;
  Json p(preview.body);
  EXPECT_TRUE(p.boolean("/dry_run"));
  EXPECT_FALSE(p.boolean("/already_closed"));
  EXPECT_TRUE(p.is_null("/closed_at"));
  ASSERT_EQ(p.size("/statements"), 3u);
  EXPECT_EQ(p.str("/statements/2/institution"), "U-TOKYO");
  EXPECT_EQ(p.num("/statements/2/closing_balance_minor"), 444444);
  EXPECT_EQ(closes(), before);
  // Again: the same answer, still nothing written.
  EXPECT_EQ(api_->post("/api/v1/close", R"({"month":"2026-06","dry_run":true})", admin_).body, preview.body);
  EXPECT_EQ(closes(), before);
  expect_error_code(api_->post("/api/v1/close", R"({"month":"2026-07","dry_run":true})", finance_), 422,
                    "month_out_of_order");
  expect_error_code(api_->post("/api/v1/close", R"({"month":"2026-06","dry_run":"yes"})", finance_), 400,
                    "bad_request", "dry_run");
  EXPECT_EQ(api_->post("/api/v1/close", R"({"month":"2026-06","dry_run":true})", tech_).status, 403);
  EXPECT_EQ(closes(), before);

  // The real close issues exactly what the dry run said.
  const Reply june = close("2026-06", finance_);
  ASSERT_EQ(june.status, 201) << june.body;
  Json j(june.body);
  EXPECT_FALSE(j.boolean("/dry_run"));
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string at = "/statements/" + std::to_string(i);
    EXPECT_EQ(j.str(at + "/institution"), p.str(at + "/institution"));
    EXPECT_EQ(j.str(at + "/sha256"), p.str(at + "/sha256"));
  }
  // A dry run of a closed month: what was issued, flagged already_closed.
  const Reply closed = api_->post("/api/v1/close", R"({"month":"2026-06","dry_run":true})", finance_);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_TRUE(Json(closed.body).boolean("/already_closed"));
}

TEST_P(CloseApiTest, StatementInEveryFormatAsTheCliRendersIt) {
  ASSERT_EQ(close("2026-06", finance_).status, 201);
  auto view = CloseService(api_->db(), "test").statement("U-KYOTO", "2026-06");
  ASSERT_TRUE(view.ok()) << view.error().message;

  const Reply j = api_->get("/api/v1/statements/U-KYOTO/2026-06", finance_);
  ASSERT_EQ(j.status, 200) << j.body;
  EXPECT_EQ(j.body, statement_json(view->canonical, view->sha256));
  EXPECT_EQ(j.headers.at("content-type").rfind("application/json", 0), 0u);
  EXPECT_EQ(j.headers.at("etag"), "\"" + stored_sha("U-KYOTO", "2026-06") + "\"");
  Json parsed(j.body);
  EXPECT_EQ(parsed.str("/institution_name_en"), "Kyoto <University> & Co");
  EXPECT_EQ(parsed.num("/closing_balance_minor"), 222222);
  EXPECT_FALSE(parsed.boolean("/provisional"));
  EXPECT_EQ(parsed.str("/sha256"), view->sha256);

  const Reply csv = api_->get("/api/v1/statements/U-KYOTO/2026-06?format=csv", finance_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body, statement_csv(view->statement, view->sha256));
  EXPECT_EQ(csv.headers.at("content-type").rfind("text/csv", 0), 0u);

  const Reply html = api_->request("GET", "/api/v1/statements/U-KYOTO/2026-06", "", finance_,
                                   {{"Accept", "text/html,application/xhtml+xml;q=0.9"}});
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_EQ(html.body, statement_html(view->statement, view->sha256));
  EXPECT_EQ(html.headers.at("content-type").rfind("text/html", 0), 0u);
  EXPECT_NE(html.body.find("Kyoto &lt;University&gt; &amp; Co"), std::string::npos);

  const Reply accept_csv =
      api_->request("GET", "/api/v1/statements/U-KYOTO/2026-06", "", finance_, {{"Accept", "text/csv"}});
  EXPECT_EQ(accept_csv.body, csv.body);
  // ?format= wins over Accept.
  const Reply both = api_->request("GET", "/api/v1/statements/U-KYOTO/2026-06?format=json", "", finance_,
                                   {{"Accept", "text/csv"}});
  EXPECT_EQ(both.body, j.body);

  expect_error_code(api_->get("/api/v1/statements/U-KYOTO/2026-06?format=xml", finance_), 406, "not_acceptable");
  expect_error_code(api_->request("GET", "/api/v1/statements/U-KYOTO/2026-06", "", finance_, {{"Accept", "image/png"}}),
               406, "not_acceptable");
}

TEST_P(CloseApiTest, OpenMonthIsProvisionalAndMissingOnesAre404) {
  ASSERT_EQ(close("2026-06", finance_).status, 201);
  const Reply july = api_->get("/api/v1/statements/U-TOKYO/2026-07", admin_);
  ASSERT_EQ(july.status, 200) << july.body;
  Json j(july.body);
  EXPECT_TRUE(j.boolean("/provisional"));
  EXPECT_EQ(j.num("/opening_balance_minor"), 444444);
  EXPECT_EQ(j.num("/payouts_total_minor"), 400000);
  EXPECT_EQ(j.num("/closing_balance_minor"), 266666);
  EXPECT_EQ(july.headers.count("etag"), 0u);
  EXPECT_TRUE(j.is_null("/sha256"));  // a provisional statement carries no SHA-256

  // An open month's statement is computed afresh each time (never kept).
  entry("2026-07-25", "payout", "PO-2", {"liabilities:payable:U-TOKYO 6666 U-TOKYO", "assets:cash:JPY -6666"});
  const Reply again = api_->get("/api/v1/statements/U-TOKYO/2026-07", admin_);
  ASSERT_EQ(again.status, 200) << again.body;
  Json a(again.body);
  EXPECT_EQ(a.num("/payouts_total_minor"), 406666);
  EXPECT_EQ(a.num("/closing_balance_minor"), 260000);
  // Once July is closed, its issued statement is served (and stays) as issued.
  ASSERT_EQ(close("2026-07", finance_).status, 201);
  const Reply issued = api_->get("/api/v1/statements/U-TOKYO/2026-07", admin_);
  ASSERT_EQ(issued.status, 200) << issued.body;
  Json i(issued.body);
  EXPECT_FALSE(i.boolean("/provisional"));
  EXPECT_EQ(i.num("/closing_balance_minor"), 260000);
  EXPECT_EQ(issued.headers.at("etag"), "\"" + stored_sha("U-TOKYO", "2026-07") + "\"");
  EXPECT_EQ(api_->get("/api/v1/statements/U-TOKYO/2026-07", finance_).body, issued.body);

  // A closed month without a statement for it, an unknown institution, a bad month.
  expect_error_code(api_->get("/api/v1/statements/C-0001/2026-06", admin_), 404, "no_statement");
  expect_error_code(api_->get("/api/v1/statements/U-NONE/2026-06", admin_), 404, "unknown_institution");
  expect_error_code(api_->get("/api/v1/statements/U-TOKYO/2026-13", admin_), 400, "bad_month", "month");
}

TEST_P(CloseApiTest, StatementScoping) {
  ASSERT_EQ(close("2026-06", finance_).status, 201);
  EXPECT_EQ(api_->get("/api/v1/statements/U-TOKYO/2026-06", tokyo_viewer_).status, 200);
  EXPECT_EQ(api_->get("/api/v1/statements/U-TOKYO/2026-06?format=html", tokyo_manager_).status, 200);
  EXPECT_EQ(api_->get("/api/v1/statements/U-KYOTO/2026-06", admin_).status, 200);
  // Another institution's statement: as if it did not exist, in every format.
  const Reply foreign = api_->get("/api/v1/statements/U-KYOTO/2026-06", tokyo_viewer_);
  expect_error_code(foreign, 404, "not_found");
  EXPECT_EQ(foreign.body.find("222222"), std::string::npos);
  expect_error_code(api_->get("/api/v1/statements/U-KYOTO/2026-06?format=csv", tokyo_manager_), 404, "not_found");
  expect_error_code(api_->get("/api/v1/statements/U-KYOTO", tokyo_viewer_), 404, "not_found");
  // tech_transfer does not read statements.
  EXPECT_EQ(api_->get("/api/v1/statements/U-TOKYO/2026-06", tech_).status, 403);
  EXPECT_EQ(api_->get("/api/v1/statements/U-TOKYO", tech_).status, 403);
  EXPECT_EQ(api_->get("/api/v1/statements/U-TOKYO/2026-06", "").status, 401);
}

TEST_P(CloseApiTest, ListOfAnInstitutionsStatements) {
  const Reply none = api_->get("/api/v1/statements/U-TOKYO", finance_);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(Json(none.body).size("/statements"), 0u);

  ASSERT_EQ(close("2026-06", finance_).status, 201);
  ASSERT_EQ(close("2026-07", finance_).status, 201);
  const Reply list = api_->get("/api/v1/statements/U-TOKYO", tokyo_viewer_);
  ASSERT_EQ(list.status, 200) << list.body;
  Json j(list.body);
  EXPECT_EQ(j.str("/institution"), "U-TOKYO");
  ASSERT_EQ(j.size("/statements"), 2u);
  EXPECT_EQ(j.str("/statements/0/month"), "2026-06");
  EXPECT_EQ(j.num("/statements/0/closing_balance_minor"), 444444);
  EXPECT_EQ(j.num("/statements/0/lines"), 1);
  EXPECT_EQ(j.str("/statements/0/sha256"), stored_sha("U-TOKYO", "2026-06"));
  EXPECT_EQ(j.str("/statements/1/month"), "2026-07");
  EXPECT_EQ(j.num("/statements/1/opening_balance_minor"), 444444);
  EXPECT_EQ(j.num("/statements/1/income_total_minor"), 222222);
  EXPECT_EQ(j.num("/statements/1/payouts_total_minor"), 400000);
  EXPECT_EQ(j.num("/statements/1/closing_balance_minor"), 266666);
  EXPECT_EQ(j.num("/statements/1/payouts"), 1);

  expect_error_code(api_->get("/api/v1/statements/U-NONE", admin_), 404, "unknown_institution");
}

// An issued statement whose stored bytes no longer match their SHA-256 is a
// broken invariant (kind internal): the client gets a bare 500, the log the
// detail.
TEST_P(CloseApiTest, ATamperedStatementIsAnInternalErrorWithoutDetail) {
  ASSERT_EQ(close("2026-06", finance_).status, 201);
  if (GetParam() == "sqlite") {
    sql("DROP TRIGGER statement_no_update");
  } else {
    sql("ALTER TABLE statement DISABLE TRIGGER statement_append_only");
  }
  sql("UPDATE statement SET body = body || ' ' WHERE month = '2026-06' AND institution_id = "
      "(SELECT id FROM institution WHERE code = 'U-TOKYO')");
  const Reply r = api_->get("/api/v1/statements/U-TOKYO/2026-06", finance_);
  EXPECT_EQ(r.status, 500) << r.body;
  const testing::ErrorBody e = testing::error_of(r);
  EXPECT_EQ(e.code, "internal");
  EXPECT_EQ(e.message, "internal server error");
  EXPECT_EQ(r.body.find("U-TOKYO"), std::string::npos) << r.body;
  bool logged = false;
  for (const std::string& line : api_->log_lines()) {
    logged = logged || line.find("statement_corrupt") != std::string::npos;
  }
  EXPECT_TRUE(logged) << "the log names the corrupt statement";
  // The other institution's statement is intact and served.
  EXPECT_EQ(api_->get("/api/v1/statements/U-KYOTO/2026-06", finance_).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, CloseApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
