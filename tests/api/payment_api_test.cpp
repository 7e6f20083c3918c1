// The payment routes over real HTTP (tests/support/api_harness), on SQLite
// and PostgreSQL: payments recorded and distributed (the bank reference still
// the idempotency key, besides Idempotency-Key), listed with cursor pages and
// shown with their distribution lines; payouts; payable balances with the
// institution scoping of the scoped roles; the ledger check and its hledger
// export. Every route's refusals (unknown ids 404, bad bodies 400 naming the
// field, domain refusals with route.h's mapping, roles 403, scoped foreign
// 404) leave the database unchanged; the bodies equal the CLI's views of the
// same service results.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <soci/soci.h>

#include <map>
#include <sstream>
#include <string>

#include "api_fixture.h"
#include "api_harness.h"
#include "requests/licensing.h"
#include "services/licensing_service.h"
#include "services/payment_service.h"
#include "services/registry_service.h"
#include "render/payment.h"
#include "store/session.h"

namespace chizai {
namespace {

using api::Role;
using testing::ApiHarness;
using testing::Reply;
using testing::ErrorBody;
using testing::error_of;

// LIC-1: C-0001 on P1 (U-TOKYO) and P2 (U-KYOTO), JPY, upfront 1,000,000.
const char* kAgreementJpy =
    R"({"id":"LIC-1","licensee":"C-0001","patents":["JP2020000001A","JP2020000002A"],"exclusive":false,
  "field":"batteries","territory":["JP"],"start":"2026-04-01","end":"2031-03-31","currency":"JPY",
  "upfront_fee":"1000000","royalty_tiers":[{"rate_bps":300}]})";
// LIC-USD: C-0002 on P1, USD, upfront 1,000.00.
const char* kAgreementUsd =
    R"({"id":"LIC-USD","licensee":"C-0002","patents":["JP2020000001A"],"exclusive":false,
  "field":"medical","territory":["US"],"start":"2026-04-01","end":"2031-03-31","currency":"USD",
  "upfront_fee":"1000.00","royalty_tiers":[{"rate_bps":300}]})";

std::string payment(const std::string& reference, const std::string& amount, const std::string& extra = "") {
  return R"({"agreement":"LIC-1","received_on":"2026-05-10","amount":")" + amount +
         R"(","currency":"JPY","reference":")" + reference + "\"" + extra + "}";
}

// Every item of a list page rendered with `write`, as the route pages it.
template <class T, class Write>
std::string page_body(const std::vector<T>& items, Write write, const std::string& next = "") {
  JsonWriter w;
  w.begin_object().key("items").begin_array();
  for (const auto& i : items) write(w, i);
  w.end_array().key("next_cursor");
  if (next.empty()) {
    w.null();
  } else {
    w.value(next);
  }
  w.end_object();
  return w.take();
}

class PaymentApiTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    h_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_NO_FATAL_FAILURE(testing::seed_registry(
        h_->db(),
        testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "U-OSAKA", "C-0001"}) +
            testing::company("C-0002", "Fuji Motors K.K."),
        testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                               testing::patent("JP2020000002A").owner("U-KYOTO")})));
    policies_.write("default.properties", "aggregator_share = 1/3\n");
    LicensingService licensing(h_->db(), SchemeSettings{}, "tester", policies_.path());
    for (const char* json : {kAgreementJpy, kAgreementUsd}) {
      auto added = requests::add_agreement_text(licensing, json);
      ASSERT_TRUE(added.ok()) << added.error().message;
    }
    finance_ = h_->token(Role::kFinance);
    admin_ = h_->token(Role::kAdmin);
  }

  PaymentService service() { return PaymentService(h_->db(), SchemeSettings{}, "tester", policies_.path()); }

  // Sends the request and expects a refusal (testing::expect_refusal).
  void expect_refused(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& token, int status, const std::string& code,
                      const std::string& field = testing::kAnyField) {
    testing::expect_refusal(*h_, method, path, body, token, status, code, field);
  }

  long long count(const std::string& table) {
    long long n = 0;
    soci_session(h_->db()) << "SELECT CAST(COUNT(*) AS BIGINT) FROM " + table, soci::into(n);
    return n;
  }

  // The audit log (GET /api/v1/audit) names what the mutation changed.
  void expect_audited(const std::string& type, const std::string& id) { testing::expect_audited(*h_, admin_, type, id); }

  testing::TempDir policies_;
  std::unique_ptr<ApiHarness> h_;
  std::string finance_, admin_;
};

TEST_P(PaymentApiTest, PaymentRecordedShownAndListed) {
  // 1,200,000 against the 1,000,000 upfront invoice: 200,000 left as credit.
  const Reply recorded = h_->post("/api/v1/payments", payment("BANK-1", "1200000"), finance_);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  auto shown = service().show_payment("BANK-1");
  ASSERT_TRUE(shown.ok()) << shown.error().message;
  EXPECT_EQ(recorded.body, render::payment_json(shown.value(), 0));
  EXPECT_EQ(shown->amount_minor, 1'200'000);
  EXPECT_EQ(shown->applied_minor, 1'000'000);
  EXPECT_EQ(shown->credit_minor, 200'000);
  EXPECT_EQ(shown->distributed_jpy_minor, 1'000'000);
  ASSERT_EQ(shown->applications.size(), 1u);
  EXPECT_EQ(shown->applications[0].income_type, "upfront");
  // The distribution lines: the aggregator and both owners, summing to the
  // applied amount.
  std::map<std::string, std::int64_t> by_institution;
  std::int64_t total = 0;
  for (const auto& l : shown->lines) {
    by_institution[l.institution] += l.amount_minor;
    total += l.amount_minor;
  }
  EXPECT_EQ(total, 1'000'000);
  EXPECT_EQ(by_institution.size(), 3u);
  EXPECT_GT(by_institution["AGG-JST"], 0);
  EXPECT_GT(by_institution["U-TOKYO"], 0);
  EXPECT_GT(by_institution["U-KYOTO"], 0);
  EXPECT_NE(recorded.body.find(R"("kind":"owner")"), std::string::npos) << recorded.body;

  expect_audited("payment", "BANK-1");
  const Reply got = h_->get("/api/v1/payments/BANK-1", finance_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, recorded.body);

  // A foreign-currency payment with its rate: 1,000.00 USD at 150.5 JPY.
  const Reply usd = h_->post("/api/v1/payments",
                             R"({"agreement":"LIC-USD","received_on":"2026-05-11","amount":"1000.00",)"
                             R"("currency":"USD","fx_rate":"150.5","reference":"BANK-2"})",
                             admin_);
  ASSERT_EQ(usd.status, 201) << usd.body;
  EXPECT_NE(usd.body.find(R"("currency":"USD","amount_minor":100000,"fx_rate":"150.5","fx_source":"given with the payment","jpy_amount_minor":150500)"),
            std::string::npos)
      << usd.body;
  ASSERT_EQ(h_->post("/api/v1/payments", payment("BANK-3", "1000"), finance_).status, 201);

  // The list: by date, then reference; pages of two.
  auto listed_all = service().list_payments("", PageRequest{});
  ASSERT_TRUE(listed_all.ok());
  const std::vector<PaymentView>* all = &listed_all->items;
  ASSERT_EQ(all->size(), 3u);
  const auto summary = [](JsonWriter& w, const PaymentView& p) { render::write_payment_summary(w, p); };
  const Reply listed = h_->get("/api/v1/payments", finance_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.body, page_body(*all, summary));
  const Reply first = h_->get("/api/v1/payments?limit=2", finance_);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::vector<PaymentView> head(all->begin(), all->begin() + 2), tail(all->begin() + 2, all->end());
  EXPECT_EQ(first.body, page_body(head, summary, api::next_cursor((*all)[1].reference)));
  const Reply second =
      h_->get("/api/v1/payments?limit=2&cursor=" + api::next_cursor((*all)[1].reference), finance_);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.body, page_body(tail, summary));
  // Filtered by agreement.
  const Reply usd_only = h_->get("/api/v1/payments?agreement=LIC-USD", finance_);
  ASSERT_EQ(usd_only.status, 200) << usd_only.body;
  EXPECT_EQ(usd_only.body, page_body(service().list_payments("LIC-USD", PageRequest{})->items, summary));
  EXPECT_EQ(usd_only.body.find("BANK-1"), std::string::npos);
}

// Issue 23 §8: 2^63 - 1 yen was accepted (201) and then broke the ledger
// check, the reversal and every later close. Amounts are bounded where they
// are typed: refused with the field named, nothing written.
TEST_P(PaymentApiTest, AnAmountBeyondTheBoundIsRefusedAndNothingIsWritten) {
  const long long payments = count("payment");
  for (const std::string amount : {"9223372036854775807", "10000000000001", "-10000000000001"}) {
    expect_refused("POST", "/api/v1/payments", payment("BANK-BIG", amount), finance_, 400, "bad_request", "amount");
    const Reply r = h_->post("/api/v1/payments", payment("BANK-BIG", amount), finance_);
    EXPECT_NE(r.body.find("is larger than the largest accepted, 10,000,000,000,000 JPY"), std::string::npos) << r.body;
  }
  EXPECT_EQ(count("payment"), payments);
  // The bound itself is accepted.
  EXPECT_EQ(h_->post("/api/v1/payments", payment("BANK-MAX", "10000000000000"), finance_).status, 201);
}

TEST_P(PaymentApiTest, BankReferenceAndIdempotencyKey) {
  const Reply first = h_->post("/api/v1/payments", payment("BANK-1", "500000"), finance_);
  ASSERT_EQ(first.status, 201) << first.body;
  // The same bank reference and content again, without an Idempotency-Key:
  // the first payment, nothing written (200, not 201).
  const std::string before = testing::dump_content(h_->db());
  const long long entries = count("journal_entry");
  const Reply again = h_->post("/api/v1/payments", payment("BANK-1", "500000"), finance_);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(count("journal_entry"), entries);
  EXPECT_EQ(count("payment"), 1);
  // The same bank reference with other content: refused, naming it.
  expect_refused("POST", "/api/v1/payments", payment("BANK-1", "400000"), finance_, 409, "reference_conflict");
  // With an Idempotency-Key: the replay of the first response, acting once.
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "pay-2"}};
  const Reply keyed = h_->post("/api/v1/payments", payment("BANK-2", "100000"), finance_, key);
  ASSERT_EQ(keyed.status, 201) << keyed.body;
  const Reply replayed = h_->post("/api/v1/payments", payment("BANK-2", "100000"), finance_, key);
  EXPECT_EQ(replayed.status, 201) << replayed.body;
  EXPECT_EQ(replayed.body, keyed.body);
  EXPECT_EQ(count("payment"), 2);
  // The bank reference rule holds under a new key as well.
  const Reply other_key = h_->post("/api/v1/payments", payment("BANK-2", "100000"), finance_,
                                   {{"Idempotency-Key", "pay-3"}});
  EXPECT_EQ(other_key.status, 200) << other_key.body;
  EXPECT_EQ(other_key.body, keyed.body);
  EXPECT_EQ(count("payment"), 2);
}

// Issue 18: a new bank reference for the same agreement, amount and day is
// refused (409 probable_duplicate, naming the first) unless confirmed.
TEST_P(PaymentApiTest, ProbableDuplicateNeedsConfirming) {
  ASSERT_EQ(h_->post("/api/v1/payments", payment("BANK-1", "500000"), finance_).status, 201);
  const std::string before = testing::dump_content(h_->db());
  const Reply duplicate = h_->post("/api/v1/payments", payment("BANK-2", "500000"), finance_);
  EXPECT_EQ(duplicate.status, 409) << duplicate.body;
  EXPECT_NE(duplicate.body.find(R"("code":"probable_duplicate")"), std::string::npos) << duplicate.body;
  EXPECT_NE(duplicate.body.find("duplicate of payment BANK-1"), std::string::npos) << duplicate.body;
  EXPECT_NE(duplicate.body.find(R"("field":"confirm_duplicate")"), std::string::npos) << duplicate.body;
  EXPECT_EQ(testing::dump_content(h_->db()), before);
  const Reply confirmed =
      h_->post("/api/v1/payments", payment("BANK-2", "500000", R"(,"confirm_duplicate":true)"), finance_);
  EXPECT_EQ(confirmed.status, 201) << confirmed.body;
  EXPECT_EQ(count("payment"), 2);
  expect_refused("POST", "/api/v1/payments", payment("BANK-3", "500000", R"(,"confirm_duplicate":"yes")"), finance_,
                 400, "", "confirm_duplicate");
}

TEST_P(PaymentApiTest, PaymentRefusals) {
  const std::string p = "/api/v1/payments";
  // Bad bodies, naming the field.
  expect_refused("POST", p, payment("BANK-1", "1000", R"(,"memo":"x")"), finance_, 400, "", "memo");
  expect_refused("POST", p,
                 R"({"agreement":"LIC-1","received_on":"2026-05-10","amount":1000,"currency":"JPY","reference":"B"})",
                 finance_, 400, "", "amount");
  expect_refused("POST", p,
                 R"({"agreement":"LIC-1","received_on":"2026-05-10","amount":"1000","currency":"JPY","reference":7})",
                 finance_, 400, "", "reference");
  expect_refused("POST", p, R"({"agreement":"LIC-1","received_on":"2026-05-10","amount":"1000","currency":"JPY"})",
                 finance_, 400, "", "reference");
  expect_refused("POST", p,
                 R"({"agreement":"LIC-1","received_on":"10/05/2026","amount":"1000","currency":"JPY","reference":"B"})",
                 finance_, 400, "", "received_on");
  expect_refused("POST", p,
                 R"({"agreement":"LIC-1","received_on":"2026-05-10","amount":"1000","currency":"YYY","reference":"B"})",
                 finance_, 400, "", "currency");
  expect_refused("POST", p, payment("BANK-1", "10.5"), finance_, 400, "", "amount");  // JPY has no decimals
  expect_refused("POST", p, payment("BANK-1", "1000", R"(,"fx_rate":150)"), finance_, 400, "", "fx_rate");
  expect_refused("POST", p, R"("BANK-1")", finance_, 400, "", "");
  // Domain refusals.
  expect_refused("POST", p, payment("BANK-1", "0"), finance_, 400, "bad_amount");
  expect_refused("POST", p,
                 R"({"agreement":"LIC-9","received_on":"2026-05-10","amount":"1000","currency":"JPY","reference":"B"})",
                 finance_, 404, "unknown_agreement", "agreement");
  expect_refused("POST", p,
                 R"({"agreement":"LIC-1","received_on":"2026-05-10","amount":"1000","currency":"USD","reference":"B"})",
                 finance_, 422, "currency_mismatch");
  expect_refused("POST", p, payment("BANK-1", "1000", R"(,"fx_rate":"150")"), finance_, 400, "unexpected_fx_rate");
  expect_refused("POST", p,
                 R"({"agreement":"LIC-USD","received_on":"2026-05-10","amount":"10.00","currency":"USD","reference":"B"})",
                 finance_, 422, "no_fx_rate");
  // Unknown ids.
  expect_refused("GET", "/api/v1/payments/NOPE", "", finance_, 404, "unknown_payment", "reference");
  expect_refused("GET", "/api/v1/payments?agreement=LIC-9", "", finance_, 404, "unknown_agreement", "agreement");
  expect_refused("GET", "/api/v1/payments?cursor=" + api::next_cursor("NOPE"), "", finance_, 400, "bad_request",
                 "cursor");
  // Roles: finance and admin only.
  const std::string tech = h_->token(Role::kTechTransfer);
  const std::string viewer = h_->token(Role::kInstitutionViewer, "U-TOKYO");
  const std::string manager = h_->token(Role::kIpManager, "U-TOKYO");
  for (const std::string& token : {tech, viewer, manager}) {
    expect_refused("POST", p, payment("BANK-1", "1000"), token, 403, "");
    expect_refused("GET", p, "", token, 403, "");
    expect_refused("GET", "/api/v1/payments/BANK-1", "", token, 403, "");
  }
  expect_refused("POST", p, payment("BANK-1", "1000"), "", 401, "");
  EXPECT_EQ(count("payment"), 0);
}

TEST_P(PaymentApiTest, PaymentReversal) {
  ASSERT_EQ(h_->post("/api/v1/payments", payment("BANK-1", "1000000"), finance_).status, 201);
  const std::string path = "/api/v1/payments/BANK-1/reversal";
  const std::string body = R"({"reversed_on":"2026-05-12","reason":"returned by the bank"})";
  // Refusals first: bad bodies name the field; domain refusals keep the code.
  expect_refused("POST", path, R"({"reversed_on":"2026-05-12"})", finance_, 400, "", "reason");
  expect_refused("POST", path, R"({"reversed_on":"2026-05-12","reason":"x","memo":"y"})", finance_, 400, "", "memo");
  expect_refused("POST", path, R"({"reversed_on":20260512,"reason":"x"})", finance_, 400, "", "reversed_on");
  expect_refused("POST", path, R"({"reversed_on":"2026-05-12","reason":"  "})", finance_, 400, "missing_reason",
                 "reason");
  expect_refused("POST", path, R"({"reversed_on":"2026-05-09","reason":"x"})", finance_, 400, "bad_date", "date");
  expect_refused("POST", "/api/v1/payments/NOPE/reversal", body, finance_, 404, "unknown_payment", "reference");
  for (const std::string& token : {h_->token(Role::kTechTransfer), h_->token(Role::kIpManager, "U-TOKYO"),
                                   h_->token(Role::kInstitutionViewer, "U-TOKYO")}) {
    expect_refused("POST", path, body, token, 403, "");
  }
  expect_refused("POST", path, body, "", 401, "");

  const Reply reversed = h_->post(path, body, finance_);
  ASSERT_EQ(reversed.status, 201) << reversed.body;
  const auto shown = service().show_payment("BANK-1");
  ASSERT_TRUE(shown.ok());
  ASSERT_TRUE(shown->reversal.has_value());
  EXPECT_EQ(reversed.body, render::payment_json(*shown, 0));
  EXPECT_NE(reversed.body.find(R"("reversal":{"reversed_on":"2026-05-12","reason":"returned by the bank"})"),
            std::string::npos) << reversed.body;
  for (const auto& b : service().payables()) EXPECT_EQ(b.balance_minor, 0) << b.institution;
  expect_audited("payment", "BANK-1");
  // The same reversal again: 200, nothing posted (the request is audited);
  // another date: 409.
  const long long entries = count("journal_entry"), postings = count("posting");
  const Reply again = h_->post(path, body, finance_);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, reversed.body);
  EXPECT_EQ(count("journal_entry"), entries);
  EXPECT_EQ(count("posting"), postings);
  EXPECT_EQ(count("payment_reversal"), 1);
  expect_refused("POST", path, R"({"reversed_on":"2026-05-13","reason":"returned by the bank"})", finance_, 409,
                 "already_reversed", "reference");
  // The invoice is open again; a payment whose distribution has been paid
  // out cannot be reversed.
  ASSERT_EQ(h_->post("/api/v1/payments", payment("BANK-2", "1000000"), finance_).status, 201);
  ASSERT_EQ(h_->post("/api/v1/payouts",
                     R"({"institution":"U-TOKYO","paid_on":"2026-05-20","amount":"1000","reference":"OUT-1"})",
                     finance_).status, 201);
  const std::int64_t tokyo = service().payable_balance("U-TOKYO").value();
  expect_refused("POST", "/api/v1/payments/BANK-2/reversal", body, finance_, 422, "reversal_over_balance",
                 "reference");
  EXPECT_EQ(service().payable_balance("U-TOKYO").value(), tokyo);
  const Reply check = h_->get("/api/v1/ledger/check", finance_);
  EXPECT_EQ(check.status, 200) << check.body;
}

TEST_P(PaymentApiTest, PayoutReversal) {
  ASSERT_EQ(h_->post("/api/v1/payments", payment("BANK-1", "1000000"), finance_).status, 201);
  const std::int64_t tokyo = service().payable_balance("U-TOKYO").value();
  ASSERT_EQ(h_->post("/api/v1/payouts",
                     R"({"institution":"U-TOKYO","paid_on":"2026-05-20","amount":"100000","reference":"OUT-1"})",
                     finance_).status, 201);
  const std::string path = "/api/v1/payouts/OUT-1/reversal";
  const std::string body = R"({"reversed_on":"2026-05-21","reason":"paid twice"})";
  expect_refused("POST", path, R"({"reversed_on":"2026-05-19","reason":"x"})", finance_, 400, "bad_date", "date");
  expect_refused("POST", "/api/v1/payouts/NOPE/reversal", body, finance_, 404, "unknown_payout", "reference");
  expect_refused("POST", path, body, h_->token(Role::kInstitutionViewer, "U-TOKYO"), 403, "");
  const Reply reversed = h_->post(path, body, finance_);
  ASSERT_EQ(reversed.status, 201) << reversed.body;
  EXPECT_EQ(reversed.body, R"({"reference":"OUT-1","institution":"U-TOKYO","paid_on":"2026-05-20","currency":"JPY",)"
                           R"("amount_minor":100000,"balance_after_minor":)" + std::to_string(tokyo - 100'000) +
                               R"(,"reversal":{"reversed_on":"2026-05-21","reason":"paid twice"}})");
  EXPECT_EQ(service().payable_balance("U-TOKYO").value(), tokyo);
  expect_audited("payout", "OUT-1");
  EXPECT_EQ(h_->post(path, body, finance_).status, 200);
  expect_refused("POST", path, R"({"reversed_on":"2026-05-22","reason":"paid twice"})", finance_, 409,
                 "already_reversed", "reference");
  EXPECT_EQ(count("payout_reversal"), 1);
  EXPECT_EQ(h_->get("/api/v1/ledger/check", finance_).status, 200);
}

TEST_P(PaymentApiTest, PayoutsAndPayables) {
  ASSERT_EQ(h_->post("/api/v1/payments", payment("BANK-1", "1000000"), finance_).status, 201);
  // The owners' payables (the aggregator's share is income, not a payable).
  const auto balances = service().payables();
  ASSERT_EQ(balances.size(), 2u);
  const PayableBalance& kyoto_balance = balances[0];
  const PayableBalance& tokyo_balance = balances[1];
  ASSERT_EQ(kyoto_balance.institution, "U-KYOTO");
  ASSERT_EQ(tokyo_balance.institution, "U-TOKYO");
  EXPECT_EQ(tokyo_balance.name_en, "The University of Tokyo");
  const std::int64_t tokyo = tokyo_balance.balance_minor;
  ASSERT_GT(tokyo, 100'000);
  const auto write = [](JsonWriter& w, const PayableBalance& b) { render::write_payable(w, b); };

  // Finance and admin see every payable.
  const Reply all = h_->get("/api/v1/payables", finance_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.body, page_body(balances, write));
  // The scoped roles see only their own institution's.
  const std::string viewer = h_->token(Role::kInstitutionViewer, "U-TOKYO");
  const std::string manager = h_->token(Role::kIpManager, "U-KYOTO");
  const Reply own = h_->get("/api/v1/payables", viewer);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.body, page_body(std::vector<PayableBalance>{tokyo_balance}, write));
  EXPECT_EQ(own.body.find("U-KYOTO"), std::string::npos);
  const Reply kyoto = h_->get("/api/v1/payables", manager);
  ASSERT_EQ(kyoto.status, 200) << kyoto.body;
  EXPECT_EQ(kyoto.body, page_body(std::vector<PayableBalance>{kyoto_balance}, write));
  // One institution's: its own, yes; another's, 404 as if it did not exist.
  const Reply one = h_->get("/api/v1/payables/U-TOKYO", viewer);
  ASSERT_EQ(one.status, 200) << one.body;
  JsonWriter w;
  render::write_payable(w, tokyo_balance);
  EXPECT_EQ(one.body, w.str());
  expect_refused("GET", "/api/v1/payables/U-KYOTO", "", viewer, 404, "not_found");
  expect_refused("GET", "/api/v1/payables/NOPE", "", viewer, 404, "not_found");
  expect_refused("GET", "/api/v1/payables/U-TOKYO", "", manager, 404, "not_found");
  // Finance: any institution's, 0 for one never credited, 404 for an unknown one.
  const Reply never = h_->get("/api/v1/payables/U-OSAKA", finance_);
  ASSERT_EQ(never.status, 200) << never.body;
  EXPECT_EQ(never.body, R"({"institution":"U-OSAKA","name_en":"Osaka University","currency":"JPY",)"
                        R"("credited_minor":0,"paid_minor":0,"balance_minor":0})");
  expect_refused("GET", "/api/v1/payables/NOPE", "", finance_, 404, "unknown_institution");
  expect_refused("GET", "/api/v1/payables", "", h_->token(Role::kTechTransfer), 403, "");

  // A payout of 100,000 to U-TOKYO.
  const std::string body =
      R"({"institution":"U-TOKYO","paid_on":"2026-05-20","amount":"100000","reference":"OUT-1"})";
  const Reply paid = h_->post("/api/v1/payouts", body, finance_);
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(paid.body, R"({"reference":"OUT-1","institution":"U-TOKYO","paid_on":"2026-05-20","currency":"JPY",)"
                       R"("amount_minor":100000,"balance_after_minor":)" + std::to_string(tokyo - 100'000) + R"(,"reversal":null})");
  EXPECT_EQ(service().payable_balance("U-TOKYO").value(), tokyo - 100'000);
  expect_audited("payout", "OUT-1");
  const Reply replay = h_->post("/api/v1/payouts", body, finance_);  // same reference and content
  EXPECT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.body, paid.body);
  const Reply shown = h_->get("/api/v1/payouts/OUT-1", admin_);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.body, render::payout_json(service().show_payout("OUT-1").value(), 0));
  EXPECT_EQ(shown.body, paid.body);
  // The payout list: every payout, or one institution's; finance and admin only.
  const Reply listed = h_->get("/api/v1/payouts?institution=U-TOKYO&limit=5", finance_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.body, R"({"items":[{"reference":"OUT-1","institution":"U-TOKYO","paid_on":"2026-05-20",)"
                         R"("currency":"JPY","amount_minor":100000,"reversal":null}],"next_cursor":null})");
  const Reply none = h_->get("/api/v1/payouts?institution=U-KYOTO", admin_);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.body, R"({"items":[],"next_cursor":null})");
  expect_refused("GET", "/api/v1/payouts?institution=NOPE", "", finance_, 404, "unknown_institution");
  expect_refused("GET", "/api/v1/payouts?cursor=NOPE", "", finance_, 400, "bad_request");
  expect_refused("GET", "/api/v1/payouts", "", viewer, 403, "");

  // Refusals.
  const std::string p = "/api/v1/payouts";
  expect_refused("POST", p,
                 R"({"institution":"U-TOKYO","paid_on":"2026-05-20","amount":"1","reference":"OUT-1"})", finance_,
                 409, "reference_conflict");
  expect_refused("POST", p,
                 R"({"institution":"U-TOKYO","paid_on":"2026-05-20","amount":")" + std::to_string(tokyo) +
                     R"(","reference":"OUT-2"})",
                 finance_, 422, "over_balance");
  expect_refused("POST", p, R"({"institution":"NOPE","paid_on":"2026-05-20","amount":"1","reference":"OUT-2"})",
                 finance_, 404, "unknown_institution");
  expect_refused("POST", p, R"({"institution":"U-TOKYO","paid_on":"2026-05-20","amount":1,"reference":"OUT-2"})",
                 finance_, 400, "", "amount");
  expect_refused("POST", p, R"({"institution":"U-TOKYO","paid_on":"2026-05-20","amount":"1"})", finance_, 400, "",
                 "reference");
  expect_refused("POST", p,
                 R"({"institution":"U-TOKYO","paid_on":"2026-02-30","amount":"1","reference":"OUT-2"})", finance_,
                 400, "", "paid_on");
  expect_refused("POST", p,
                 R"({"institution":"U-TOKYO","paid_on":"2026-05-20","amount":"1","reference":"OUT-2","to":"x"})",
                 finance_, 400, "", "to");
  expect_refused("GET", "/api/v1/payouts/OUT-9", "", finance_, 404, "unknown_payout", "reference");
  expect_refused("POST", p, body, viewer, 403, "");
  expect_refused("GET", "/api/v1/payouts/OUT-1", "", manager, 403, "");
}

TEST_P(PaymentApiTest, LedgerCheckAndExport) {
  ASSERT_EQ(h_->post("/api/v1/payments", payment("BANK-1", "1200000"), finance_).status, 201);
  const Reply checked = h_->get("/api/v1/ledger/check", finance_);
  ASSERT_EQ(checked.status, 200) << checked.body;
  auto summary = verify_ledger(h_->db());
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(checked.body, render::ledger_summary_json(summary.value(), 0));
  EXPECT_NE(checked.body.find(R"({"status":"ok","entries":3,)"), std::string::npos) << checked.body;
  EXPECT_NE(checked.body.find(R"("invoices":2,"payments":1,"payouts":0)"), std::string::npos) << checked.body;

  const Reply exported = h_->get("/api/v1/ledger/export?format=hledger", admin_);
  ASSERT_EQ(exported.status, 200) << exported.body;
  ASSERT_TRUE(exported.headers.count("content-type"));
  EXPECT_EQ(exported.headers.at("content-type").rfind("text/plain", 0), 0u) << exported.headers.at("content-type");
  EXPECT_NE(exported.body.find("assets:cash:JPY"), std::string::npos) << exported.body;
  EXPECT_NE(exported.body.find("BANK-1"), std::string::npos) << exported.body;
  EXPECT_EQ(h_->get("/api/v1/ledger/export", finance_).body, exported.body);  // hledger is the default
  // Up to April 2026: the upfront invoices (2026-04-01), not the May payment.
  const Reply april = h_->get("/api/v1/ledger/export?through=2026-04", finance_);
  ASSERT_EQ(april.status, 200) << april.body;
  EXPECT_EQ(april.body.find("BANK-1"), std::string::npos) << april.body;
  EXPECT_NE(april.body.find("2026-04-01"), std::string::npos) << april.body;

  expect_refused("GET", "/api/v1/ledger/export?format=csv", "", finance_, 400, "bad_request", "format");
  expect_refused("GET", "/api/v1/ledger/export?through=2026-13", "", finance_, 400, "bad_month", "through");
  const std::string viewer = h_->token(Role::kInstitutionViewer, "U-TOKYO");
  const std::string tech = h_->token(Role::kTechTransfer);
  for (const std::string& token : {viewer, tech}) {
    expect_refused("GET", "/api/v1/ledger/check", "", token, 403, "");
    expect_refused("GET", "/api/v1/ledger/export", "", token, 403, "");
  }
  expect_refused("GET", "/api/v1/ledger/check", "", "", 401, "");

  // A broken ledger (an entry without postings, written behind the
  // services' back): the check refuses, naming the first violation.
  soci_session(h_->db()) << "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) "
                    "VALUES ('2026-05-12', 'manual', 'BROKEN-1', 'no postings', '2026-05-12T00:00:00Z')";
  const Reply broken = h_->get("/api/v1/ledger/check", finance_);
  EXPECT_EQ(broken.status, 422) << broken.body;
  const ErrorBody e = error_of(broken);
  EXPECT_EQ(e.code, "ledger_violation");
  EXPECT_NE(e.message.find("BROKEN-1"), std::string::npos) << broken.body;
  EXPECT_NE(e.message.find("0 posting(s)"), std::string::npos) << broken.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, PaymentApiTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
