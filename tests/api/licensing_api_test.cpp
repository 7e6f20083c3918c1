// The licensing routes over real HTTP (tests/support/api_harness), on SQLite
// and PostgreSQL: agreements (upload, list with cursor pages, show),
// licensee reports with corrections, milestones; every route's refusals
// (unknown ids 404, bad bodies 400 naming the field, domain refusals with
// route.h's mapping, roles 403, no token 401), each leaving the database
// unchanged; and the API's bodies equal to the CLI's views of the same
// service results.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <soci/soci.h>

#include <sstream>
#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "services/licensing_service.h"
#include "services/registry_service.h"
#include "render/licensing.h"
#include "store/session.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::ErrorBody;
using testing::error_of;

// P1 U-TOKYO alone, P2 U-KYOTO alone, P3 co-owned half each (no consents).
std::string patents_file() {
  return testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                                testing::patent("JP2020000002A").owner("U-KYOTO"),
                                testing::patent("JP2020000003A").owner("U-TOKYO", "1/2").owner("U-KYOTO", "1/2")});
}

// LIC-1: C-0001 on P1 and P2, non-exclusive, JPY, 2026-04-01 .. 2031-03-31;
// upfront 1,000,000; 3% of net sales; one milestone "first sale" of 500,000;
// 20% of sublicence income. `extra` is spliced in before the closing brace.
std::string agreement(const std::string& id = "LIC-1", const std::string& licensee = "C-0001",
                      const std::string& extra = "") {
  return R"({"id":")" + id + R"(","licensee":")" + licensee +
         R"(","patents":["JP2020000001A","JP2020000002A"],"exclusive":false,"field":"batteries",)"
         R"("territory":["JP"],"start":"2026-04-01","end":"2031-03-31","currency":"JPY",)"
         R"("upfront_fee":"1000000","royalty_tiers":[{"rate_bps":300}],)"
         R"("milestones":[{"name":"first sale","amount":"500000"}],"sublicense_share_bps":2000)" +
         extra + "}";
}

std::string report(const std::string& from, const std::string& to, const std::string& sales,
                   const std::string& extra = "") {
  return R"({"agreement":"LIC-1","period_start":")" + from + R"(","period_end":")" + to +
         R"(","lines":[{"territory":"JP","product":"Cell A","net_sales":")" + sales + R"("}])" + extra + "}";
}

class LicensingApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    h_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        h_->db(), testing::four_institutions() + testing::company("C-0002", "Fuji Motors K.K."), patents_file()));
    finance_ = h_->token(Role::kFinance);
    admin_ = h_->token(Role::kAdmin);
  }

  LicensingService service() { return LicensingService(h_->db(), SchemeSettings{}, "tester", ""); }

  // Sends the request and expects a refusal (testing::expect_refusal).
  void expect_refused(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& token, int status, const std::string& code,
                      const std::string& field = testing::kAnyField) {
    testing::expect_refusal(*h_, method, path, body, token, status, code, field);
  }

  // The audit log (GET /api/v1/audit) names what the mutation changed.
  void expect_audited(const std::string& type, const std::string& id) { testing::expect_audited(*h_, admin_, type, id); }

  std::unique_ptr<ApiHarness> h_;
  std::string finance_, admin_;
};

TEST_P(LicensingApiTest, AgreementUploadShowAndList) {
  const Reply added = h_->post("/api/v1/agreements", agreement(), finance_);
  ASSERT_EQ(added.status, 201) << added.body;
  ASSERT_TRUE(added.headers.count("content-type"));
  EXPECT_NE(added.headers.at("content-type").find("application/json"), std::string::npos);
  // What the service shows, in the CLI's view: the same document.
  auto shown = service().show("LIC-1");
  ASSERT_TRUE(shown.ok()) << shown.error().message;
  EXPECT_EQ(added.body, render::agreement_json(shown.value(), 0));
  EXPECT_EQ(shown->terms.licensee, "C-0001");
  EXPECT_EQ(shown->terms_json, agreement());  // kept as uploaded
  ASSERT_EQ(shown->invoices.size(), 1u);
  EXPECT_EQ(shown->invoices[0].income_type, "upfront");
  EXPECT_EQ(shown->invoices[0].amount_minor, 1'000'000);
  EXPECT_NE(added.body.find(R"("upfront_fee_minor":1000000)"), std::string::npos) << added.body;
  EXPECT_NE(added.body.find(R"("totals":{"invoiced_minor":1000000,"paid_minor":0,"open_minor":1000000,"currency":"JPY"})"), std::string::npos);

  expect_audited("agreement", "LIC-1");
  const Reply got = h_->get("/api/v1/agreements/LIC-1", admin_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, added.body);

  ASSERT_EQ(h_->post("/api/v1/agreements", agreement("LIC-2", "C-0002"), finance_).status, 201);
  ASSERT_EQ(h_->post("/api/v1/agreements", agreement("LIC-3", "C-0001"), finance_).status, 201);

  // All of it on one page, by reference.
  const Reply all = h_->get("/api/v1/agreements", finance_);
  ASSERT_EQ(all.status, 200) << all.body;
  auto summaries = service().list("", PageRequest{});
  ASSERT_TRUE(summaries.ok());
  ASSERT_EQ(summaries->items.size(), 3u);
  std::string items;
  for (const auto& s : summaries->items) {
    JsonWriter w;
    render::write_agreement_summary(w, s);
    items += (items.empty() ? "" : ",") + w.str();
  }
  EXPECT_EQ(all.body, R"({"items":[)" + items + R"(],"next_cursor":null})");

  // Cursor pages of two: LIC-1, LIC-2, then LIC-3.
  const Reply first = h_->get("/api/v1/agreements?limit=2", finance_);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_NE(first.body.find(R"("id":"LIC-1")"), std::string::npos);
  EXPECT_NE(first.body.find(R"("id":"LIC-2")"), std::string::npos);
  EXPECT_EQ(first.body.find(R"("id":"LIC-3")"), std::string::npos);
  const std::string cursor = api::next_cursor("LIC-2");
  EXPECT_NE(first.body.find(R"("next_cursor":")" + cursor + "\""), std::string::npos) << first.body;
  const Reply second = h_->get("/api/v1/agreements?limit=2&cursor=" + cursor, finance_);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.body.find(R"("id":"LIC-1")"), std::string::npos);
  EXPECT_NE(second.body.find(R"("id":"LIC-3")"), std::string::npos);
  EXPECT_NE(second.body.find(R"("next_cursor":null)"), std::string::npos);

  // Filtered by licensee.
  const Reply mine = h_->get("/api/v1/agreements?licensee=C-0002", finance_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find(R"("id":"LIC-2")"), std::string::npos);
  EXPECT_EQ(mine.body.find(R"("id":"LIC-1")"), std::string::npos);
}

TEST_P(LicensingApiTest, AgreementRefusals) {
  ASSERT_EQ(h_->post("/api/v1/agreements", agreement(), finance_).status, 201);
  expect_refused("GET", "/api/v1/agreements/LIC-9", "", finance_, 404, "unknown_agreement", "agreement");
  expect_refused("GET", "/api/v1/agreements?licensee=NOPE", "", finance_, 404, "unknown_institution", "licensee");
  expect_refused("GET", "/api/v1/agreements?limit=0", "", finance_, 400, "", "limit");
  expect_refused("GET", "/api/v1/agreements?cursor=" + api::next_cursor("LIC-9"), "", finance_, 400,
                 "bad_request", "cursor");
  // Bad bodies: unknown key, wrong types both ways, a missing key, a bad date.
  expect_refused("POST", "/api/v1/agreements", agreement("LIC-2", "C-0001", R"(,"bogus":1)"), finance_, 400,
                 "bad_file", "bogus");
  expect_refused("POST", "/api/v1/agreements",
                 R"({"id":"LIC-2","licensee":"C-0001","patents":["JP2020000001A"],"exclusive":"no",)"
                 R"("field":"medical","territory":["JP"],"start":"2026-04-01","end":"2027-03-31","currency":"JPY",)"
                 R"("royalty_tiers":[{"rate_bps":100}]})",
                 finance_, 400, "bad_file", "exclusive");
  expect_refused("POST", "/api/v1/agreements",
                 R"({"id":"LIC-2","licensee":"C-0001","patents":["JP2020000001A"],"exclusive":false,)"
                 R"("field":"medical","territory":["JP"],"start":"2026-04-01","end":"2027-03-31","currency":"JPY",)"
                 R"("upfront_fee":1000,"royalty_tiers":[{"rate_bps":100}]})",
                 finance_, 400, "bad_file", "upfront_fee");
  expect_refused("POST", "/api/v1/agreements",
                 R"({"id":"LIC-2","licensee":"C-0001","patents":["JP2020000001A"],"exclusive":false,)"
                 R"("field":"medical","territory":["JP"],"start":"2026-04-01","end":"2027-03-31","currency":"JPY",)"
                 R"("royalty_tiers":[{"rate_bps":"100"}]})",
                 finance_, 400, "bad_file", "royalty_tiers[0].rate_bps");
  expect_refused("POST", "/api/v1/agreements",
                 R"({"licensee":"C-0001","patents":["JP2020000001A"],"exclusive":false,"field":"medical",)"
                 R"("territory":["JP"],"start":"2026-04-01","end":"2027-03-31","currency":"JPY",)"
                 R"("royalty_tiers":[{"rate_bps":100}]})",
                 finance_, 400, "bad_file", "id");
  expect_refused("POST", "/api/v1/agreements", R"([1,2])", finance_, 400, "", "");
  // Domain refusals, mapped by route.h's refuse().
  expect_refused("POST", "/api/v1/agreements", agreement(), finance_, 409, "duplicate_agreement", "id");
  expect_refused("POST", "/api/v1/agreements", agreement("LIC-2", "U-TOKYO"), finance_, 400, "bad_licensee",
                 "licensee");
  expect_refused("POST", "/api/v1/agreements", agreement("LIC-2", "C-0404"), finance_, 404,
                 "unknown_institution", "licensee");
  expect_refused("POST", "/api/v1/agreements",
                 R"({"id":"LIC-2","licensee":"C-0001","patents":["JP2099999999A"],"exclusive":false,)"
                 R"("field":"medical","territory":["JP"],"start":"2026-04-01","end":"2027-03-31","currency":"JPY",)"
                 R"("royalty_tiers":[{"rate_bps":100}]})",
                 finance_, 404, "unknown_patent", "patents");
  // P3's co-owners have not consented to licensing.
  const Reply consent = h_->post("/api/v1/agreements",
                                 R"({"id":"LIC-2","licensee":"C-0001","patents":["JP2020000003A"],)"
                                 R"("exclusive":false,"field":"medical","territory":["JP"],"start":"2026-04-01",)"
                                 R"("end":"2027-03-31","currency":"JPY","royalty_tiers":[{"rate_bps":100}]})",
                                 finance_);
  EXPECT_EQ(consent.status, 400) << consent.body;
  EXPECT_EQ(error_of(consent).code, "missing_consent");
  EXPECT_NE(error_of(consent).message.find("JP2020000003A"), std::string::npos) << consent.body;
  expect_refused("POST", "/api/v1/agreements", agreement("LIC-2", "C-0001", R"(,"policy":"nowhere")"), finance_,
                 404, "unknown_policy", "policy");
  // Two exclusive licences of one patent in one field and territory overlap
  // (in a field LIC-1 does not hold: an exclusive one may not overlap it, issue 18).
  auto exclusive_in_medical = [](std::string json) {
    json.replace(json.find(R"("exclusive":false)"), 17, R"("exclusive":true)");
    json.replace(json.find(R"("field":"batteries")"), 19, R"("field":"medical")");
    return json;
  };
  ASSERT_EQ(h_->post("/api/v1/agreements", exclusive_in_medical(agreement("LIC-2", "C-0001")), finance_).status, 201);
  expect_refused("POST", "/api/v1/agreements", exclusive_in_medical(agreement("LIC-3", "C-0002")), finance_, 422,
                 "exclusive_overlap", "exclusive");
  // A non-exclusive licence in "all fields" contains LIC-2's field: refused too.
  std::string all = agreement("LIC-4", "C-0002");
  all.replace(all.find(R"("field":"batteries")"), 19, R"("field":"all fields")");
  expect_refused("POST", "/api/v1/agreements", all, finance_, 422, "exclusive_overlap", "exclusive");
}

TEST_P(LicensingApiTest, RolesAndTokens) {
  ASSERT_EQ(h_->post("/api/v1/agreements", agreement(), admin_).status, 201);
  const std::string tech = h_->token(Role::kTechTransfer);
  const std::string viewer = h_->token(Role::kInstitutionViewer, "U-TOKYO");
  const std::string manager = h_->token(Role::kIpManager, "U-TOKYO");
  for (const std::string& token : {tech, viewer, manager}) {
    expect_refused("GET", "/api/v1/agreements", "", token, 403, "");
    expect_refused("GET", "/api/v1/agreements/LIC-1", "", token, 403, "");
    expect_refused("POST", "/api/v1/agreements", agreement("LIC-2"), token, 403, "");
    expect_refused("POST", "/api/v1/reports", report("2026-04-01", "2026-06-30", "1000000"), token, 403, "");
    expect_refused("POST", "/api/v1/agreements/LIC-1/milestones/reach",
                   R"({"name":"first sale","reached_on":"2026-09-01"})", token, 403, "");
  }
  expect_refused("GET", "/api/v1/agreements", "", "", 401, "");
  expect_refused("POST", "/api/v1/agreements", agreement("LIC-2"), "not-a-token", 401, "");
  EXPECT_EQ(h_->get("/api/v1/agreements/LIC-1", finance_).status, 200);
}

TEST_P(LicensingApiTest, ReportsAndCorrections) {
  ASSERT_EQ(h_->post("/api/v1/agreements", agreement(), finance_).status, 201);
  // 3% of 10,000,000 = 300,000; 20% of 50,000 sublicence income = 10,000.
  const Reply first = h_->post("/api/v1/reports",
                               report("2026-04-01", "2026-06-30", "10000000", R"(,"sublicense_income":"50000")"),
                               finance_);
  ASSERT_EQ(first.status, 201) << first.body;
  auto shown = service().show("LIC-1");
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->reports.size(), 1u);
  const long long id = shown->reports[0].id;
  expect_audited("report", std::to_string(id));
  EXPECT_NE(first.body.find(R"({"report":)" + std::to_string(id) + R"(,"agreement":"LIC-1","currency":"JPY")"),
            std::string::npos)
      << first.body;
  EXPECT_NE(first.body.find(R"("net_sales_minor":10000000,"sublicense_income_minor":50000,"cumulative_before_minor":0,)"
                            R"("cumulative_after_minor":10000000)"),
            std::string::npos)
      << first.body;
  ASSERT_EQ(shown->invoices.size(), 3u);  // upfront, running royalty, sublicence
  EXPECT_EQ(shown->invoices[1].income_type, "running_royalty");
  EXPECT_EQ(shown->invoices[1].amount_minor, 300'000);
  EXPECT_EQ(shown->invoices[2].income_type, "sublicense");
  EXPECT_EQ(shown->invoices[2].amount_minor, 10'000);
  JsonWriter w;
  render::write_invoice(w, "JPY", shown->invoices[1]);
  EXPECT_NE(first.body.find(w.str()), std::string::npos) << first.body;

  // A correction down to 6,000,000: a credit note of 3% × 4,000,000.
  const Reply corrected = h_->post(
      "/api/v1/reports",
      report("2026-04-01", "2026-06-30", "6000000", R"(,"sublicense_income":"50000","corrects":)" + std::to_string(id)),
      finance_);
  ASSERT_EQ(corrected.status, 201) << corrected.body;
  EXPECT_NE(corrected.body.find(R"("corrects":)" + std::to_string(id)), std::string::npos) << corrected.body;
  shown = service().show("LIC-1");
  ASSERT_EQ(shown->invoices.size(), 4u);
  EXPECT_EQ(shown->invoices[3].amount_minor, -120'000);
  EXPECT_EQ(shown->totals.invoiced_minor, 1'000'000 + 300'000 + 10'000 - 120'000);
  ASSERT_EQ(shown->reports.size(), 2u);
  EXPECT_EQ(shown->reports[0].corrected_by, shown->reports[1].id);

  // Issue 18: the same correction again is a replay: 200, the first body, nothing written.
  auto rows = [&] {
    long long reports = 0, invoices = 0;
    soci_session(h_->db()) << "SELECT CAST(COUNT(*) AS BIGINT) FROM royalty_report", soci::into(reports);
    soci_session(h_->db()) << "SELECT CAST(COUNT(*) AS BIGINT) FROM invoice", soci::into(invoices);
    return std::make_pair(reports, invoices);
  };
  const auto before = rows();
  const Reply replayed = h_->post(
      "/api/v1/reports",
      report("2026-04-01", "2026-06-30", "6000000", R"(,"sublicense_income":"50000","corrects":)" + std::to_string(id)),
      finance_);
  EXPECT_EQ(replayed.status, 200) << replayed.body;
  EXPECT_EQ(replayed.body, corrected.body);
  EXPECT_EQ(rows(), before);

  // Refusals.
  expect_refused("POST", "/api/v1/reports", report("2026-04-01", "2026-06-30", "1000"), finance_, 400, "bad_report",
                 "period_start");  // overlaps a report on record that it does not correct
  expect_refused("POST", "/api/v1/reports",
                 R"({"agreement":"LIC-9","period_start":"2026-07-01","period_end":"2026-09-30","lines":[]})",
                 finance_, 404, "unknown_agreement", "agreement");
  expect_refused("POST", "/api/v1/reports",
                 R"({"agreement":"LIC-1","period_start":"2026-07-01","period_end":"2026-09-30"})", finance_, 400,
                 "bad_file", "lines");
  expect_refused("POST", "/api/v1/reports",
                 R"({"agreement":"LIC-1","period_start":"2026-07-01","period_end":"2026-09-30",)"
                 R"("lines":[{"territory":"JP","product":"A","net_sales":1000}]})",
                 finance_, 400, "bad_file", "lines[0].net_sales");
  expect_refused("POST", "/api/v1/reports",
                 R"({"agreement":"LIC-1","period_start":"2026-07-01","period_end":"2026-09-31","lines":[]})",
                 finance_, 400, "bad_file", "period_end");
  expect_refused("POST", "/api/v1/reports", report("2026-07-01", "2026-09-30", "1000", R"(,"corrects":"1")"),
                 finance_, 400, "bad_file", "corrects");
  expect_refused("POST", "/api/v1/reports", report("2026-07-01", "2026-09-30", "1000", R"(,"extra":true)"),
                 finance_, 400, "bad_file", "extra");
}

TEST_P(LicensingApiTest, ReportAndInvoiceListsPageById) {
  ASSERT_EQ(h_->post("/api/v1/agreements", agreement(), finance_).status, 201);
  ASSERT_EQ(h_->post("/api/v1/reports", report("2026-04-01", "2026-06-30", "10000000"), finance_).status, 201);
  ASSERT_EQ(h_->post("/api/v1/reports", report("2026-07-01", "2026-09-30", "1000000"), finance_).status, 201);
  const Reply first = h_->get("/api/v1/reports?agreement=LIC-1&limit=1", finance_);
  ASSERT_EQ(first.status, 200) << first.body;
  testing::Json j(first.body);
  ASSERT_EQ(j.size("/items"), 1u);
  EXPECT_EQ(j.str("/items/0/agreement"), "LIC-1");
  EXPECT_EQ(j.str("/items/0/period_start"), "2026-04-01");
  EXPECT_EQ(j.num("/items/0/net_sales_minor"), 10'000'000);
  EXPECT_EQ(j.str("/items/0/currency"), "JPY");
  ASSERT_FALSE(j.is_null("/next_cursor"));
  const Reply second = h_->get("/api/v1/reports?agreement=LIC-1&limit=1&cursor=" + j.str("/next_cursor"), finance_);
  ASSERT_EQ(second.status, 200) << second.body;
  testing::Json k(second.body);
  ASSERT_EQ(k.size("/items"), 1u);
  EXPECT_EQ(k.str("/items/0/period_start"), "2026-07-01");
  EXPECT_TRUE(k.is_null("/next_cursor"));
  // Invoices: the upfront fee, then the first report's running royalty (3%).
  const Reply invoices = h_->get("/api/v1/invoices?agreement=LIC-1", finance_);
  ASSERT_EQ(invoices.status, 200) << invoices.body;
  testing::Json i(invoices.body);
  ASSERT_EQ(i.size("/items"), 3u);
  EXPECT_EQ(i.str("/items/0/income_type"), "upfront");
  EXPECT_EQ(i.num("/items/1/amount_minor"), 300'000);
  EXPECT_EQ(i.num("/items/1/open_minor"), 300'000);
  EXPECT_EQ(i.str("/items/1/currency"), "JPY");
  EXPECT_TRUE(i.is_null("/next_cursor"));
  EXPECT_EQ(testing::Json(h_->get("/api/v1/invoices", finance_).body).size("/items"), 3u);
  // Refusals, and who may read them.
  expect_refused("GET", "/api/v1/reports?agreement=LIC-9", "", finance_, 404, "unknown_agreement", "agreement");
  expect_refused("GET", "/api/v1/invoices?agreement=LIC-9", "", finance_, 404, "unknown_agreement", "agreement");
  expect_refused("GET", "/api/v1/reports?cursor=abc", "", finance_, 400, "bad_request", "cursor");
  expect_refused("GET", "/api/v1/invoices?limit=0", "", finance_, 400, "", "limit");
  for (const std::string& token : {h_->token(Role::kTechTransfer), h_->token(Role::kInstitutionViewer, "U-TOKYO")}) {
    expect_refused("GET", "/api/v1/reports", "", token, 403, "");
    expect_refused("GET", "/api/v1/invoices", "", token, 403, "");
  }
  EXPECT_EQ(h_->get("/api/v1/invoices", admin_).status, 200);
}

TEST_P(LicensingApiTest, MilestoneReached) {
  ASSERT_EQ(h_->post("/api/v1/agreements", agreement(), finance_).status, 201);
  const std::string path = "/api/v1/agreements/LIC-1/milestones/reach";
  // Bad bodies first: nothing is written.
  expect_refused("POST", path, R"({"name":"first sale"})", finance_, 400, "", "reached_on");
  expect_refused("POST", path, R"({"name":"first sale","reached_on":"2026-09-31"})", finance_, 400, "", "reached_on");
  expect_refused("POST", path, R"({"name":7,"reached_on":"2026-09-01"})", finance_, 400, "", "name");
  expect_refused("POST", path, R"({"name":"first sale","reached_on":"2026-09-01","on":"x"})", finance_, 400, "", "on");
  // The old name of the day is refused, naming it.
  expect_refused("POST", path, R"({"name":"first sale","date":"2026-09-01"})", finance_, 400, "", "date");
  expect_refused("POST", path, R"(["first sale"])", finance_, 400, "", "");
  expect_refused("POST", "/api/v1/agreements/LIC-9/milestones/reach", R"({"name":"first sale","reached_on":"2026-09-01"})",
                 finance_, 404, "unknown_agreement", "agreement");
  expect_refused("POST", path, R"({"name":"second sale","reached_on":"2026-09-01"})", finance_, 404,
                 "unknown_milestone", "name");
  expect_refused("POST", path, R"({"name":"first sale","reached_on":"2026-03-01"})", finance_, 400, "bad_date", "reached_on");

  const Reply reached = h_->post(path, R"({"name":"first sale","reached_on":"2026-09-01"})", finance_);
  ASSERT_EQ(reached.status, 201) << reached.body;
  auto shown = service().show("LIC-1");
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->invoices.size(), 2u);
  const InvoiceView& invoice = shown->invoices[1];
  EXPECT_EQ(invoice.income_type, "milestone");
  EXPECT_EQ(invoice.milestone, "first sale");
  EXPECT_EQ(invoice.amount_minor, 500'000);
  EXPECT_EQ(invoice.issued_on.to_string(), "2026-09-01");
  ASSERT_TRUE(shown->milestones[0].reached_on.has_value());
  expect_audited("milestone", "LIC-1/first sale");
  EXPECT_EQ(reached.body, render::milestone_invoice_json("LIC-1", "JPY", invoice, 0));

  const Reply again = h_->post(path, R"({"name":"first sale","reached_on":"2026-10-01"})", finance_);
  EXPECT_EQ(again.status, 422) << again.body;
  EXPECT_EQ(error_of(again).code, "milestone_reached");
  EXPECT_EQ(service().show("LIC-1")->invoices.size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, LicensingApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
