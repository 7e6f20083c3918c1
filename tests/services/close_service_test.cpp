// Month close and royalty statements on SQLite and PostgreSQL: exact
// statement figures on a known set of postings, byte-identical re-renders,
// stable hashes across re-runs, months closed in order, postings refused in
// closed months, the true-up and ledger-check hooks (fakes here), crash
// atomicity (the real binary killed with SIGKILL mid-close), and the hledger
// export checked by hledger itself.
#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "io/digest.h"
#include "ledger/journal.h"
#include "registry_fixture.h"
#include "services/close_service.h"
#include "store/invoice_store.h"
#include "store/journal_store.h"
#include "render/statement_print.h"
#include "store/session.h"

namespace chizai {
namespace {

using testing::dump_content;

const std::string kPatents = testing::patent_lines({testing::patent("JP2020000001A").owner("U-TOKYO"),
                                                     testing::patent("JP2020000002A").owner("U-KYOTO"),
                                                     testing::patent("JP2020000003A").owner("U-KYOTO")});

Date d(const char* text) { return Date::parse(text).value(); }

// One line of a distribution: what an owner's payable is credited.
struct Credit {
  const char* institution;
  const char* patent;
  const char* share;
  std::int64_t amount;
};

class CloseServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "L-AIST", "C-0001"}, testing::Names::kBilingual) +
                  testing::company("C-0002", "Acme Inc.", "US"),
              kPatents, 3);
    if (HasFatalFailure()) return;
    sql("INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-A', 'Electrodes', 'marketed', "
        "'2026-01-01')");
    add_agreement("LIC-1", "C-0001", "PKG-A", "JPY");
    add_agreement("LIC-2", "C-0002", "", "USD");
  }

  void sql(const std::string& text) { soci_session(*db_) << text; }

  void add_agreement(const std::string& ref, const std::string& licensee, const std::string& package,
                     const std::string& currency) {
    testing::insert_agreement(*db_, {.reference = ref, .licensee = licensee, .package = package, .currency = currency});
  }

  Status post(const JournalEntry& e) {
    WriteTransaction tx(*db_);
    auto id = post_journal_entry(*db_, e);
    if (!id) return id.error();
    tx.commit();
    return {};
  }

  void invoice(const char* agreement, const char* day, std::int64_t amount) {
    if (!receivables_) return;
    WriteTransaction tx(*db_);
    InvoiceDraft draft;
    draft.agreement = agreement;
    draft.income_type = "running_royalty";
    draft.issued_on = d(day);
    draft.amount_minor = amount;
    auto id = issue_invoice(*db_, draft);
    ASSERT_TRUE(id.ok()) << id.error().message;
    tx.commit();
  }

  // A JPY payment from C-0001 on LIC-1 and its distribution: the aggregator
  // takes what the credits leave. Without receivables (see load_june_july)
  // the cash is distributed directly.
  void pay(const char* day, const char* reference, std::int64_t total, const std::vector<Credit>& credits) {
    JournalEntry e{d(day), "payment", reference, "payment received", {}};
    e.postings.push_back(make_posting(cash_account("JPY"), "JPY", total));
    if (receivables_) {
      e.postings.push_back(make_posting(receivable_account("C-0001"), "JPY", -total));
      e.postings.push_back(make_posting(undistributed_account(), "JPY", total));
    }
    distribute(e, total, credits, "LIC-1", reference);
    auto s = post(e);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  static void distribute(JournalEntry& e, std::int64_t total, const std::vector<Credit>& credits,
                         const char* agreement, const char* reference) {
    std::int64_t rest = total;
    for (const auto& c : credits) {
      Posting p = make_posting(payable_account(c.institution), "JPY", -c.amount);
      p.institution = c.institution;
      p.agreement = agreement;
      p.patent = c.patent;
      p.income_type = "running_royalty";
      p.share = c.share;
      p.payment_reference = reference;
      e.postings.push_back(p);
      rest -= c.amount;
    }
    if (rest == 0) return;
    Posting agg = make_posting(aggregator_income_account(), "JPY", -rest);
    agg.institution = "AGG-JST";
    e.postings.push_back(agg);
  }

  JournalEntry payout_entry(const char* day, const char* reference, const char* institution, std::int64_t amount) {
    JournalEntry e{d(day), "payout", reference, "payout", {}};
    Posting debit = make_posting(payable_account(institution), "JPY", amount);
    debit.institution = institution;
    e.postings = {debit, make_posting(cash_account("JPY"), "JPY", -amount)};
    return e;
  }

  void payout(const char* day, const char* reference, const char* institution, std::int64_t amount) {
    auto s = post(payout_entry(day, reference, institution, amount));
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  // June and July 2026 (the figures every test below expects):
  //  06-10 invoice LIC-1 1,000,000
  //  06-20 PAY-1 1,000,000: U-TOKYO 444,444 (JP…001, 4/9), U-KYOTO 222,222
  //        (JP…002, 2/9), aggregator 333,334
  //  07-05 payout PO-1 to U-TOKYO 400,000
  //  07-15 invoice + PAY-2 500,000: U-TOKYO 222,222 (4/9), U-KYOTO 111,111
  //        (2/9), aggregator 166,667
  //  07-16 invoice + PAY-3 30,000: L-AIST 30,000 (JP…001, 1)
  //  07-20 invoice LIC-2 1,000.00 USD, PAY-USD paid at 150.5 JPY/USD =
  //        150,500 JPY: U-KYOTO 100,333 (JP…003, 2/3), aggregator 50,167
  //  07-25 payouts PO-2 to U-KYOTO 100,000, PO-3 to L-AIST 30,000
  // Statements:
  //  June U-TOKYO 0 + 444,444 − 0 = 444,444; U-KYOTO 0 + 222,222 = 222,222
  //  July U-TOKYO 444,444 + 222,222 − 400,000 = 266,666
  //       U-KYOTO 222,222 + 111,111 + 100,333 − 100,000 = 333,666
  //       L-AIST  0 + 30,000 − 30,000 = 0 (a statement: it had activity)
  // `receivables` false leaves out the invoices and the receivable legs (the
  // payments go straight from cash to the payables): a ledger that the real
  // ledger check (the binary's hook) accepts without payment rows.
  void load_june_july(bool receivables = true) {
    receivables_ = receivables;
    invoice("LIC-1", "2026-06-10", 1000000);
    pay("2026-06-20", "PAY-1", 1000000,
        {{"U-TOKYO", "JP2020000001A", "4/9", 444444}, {"U-KYOTO", "JP2020000002A", "2/9", 222222}});
    payout("2026-07-05", "PO-1", "U-TOKYO", 400000);
    invoice("LIC-1", "2026-07-15", 500000);
    pay("2026-07-15", "PAY-2", 500000,
        {{"U-TOKYO", "JP2020000001A", "4/9", 222222}, {"U-KYOTO", "JP2020000002A", "2/9", 111111}});
    invoice("LIC-1", "2026-07-16", 30000);
    pay("2026-07-16", "PAY-3", 30000, {{"L-AIST", "JP2020000001A", "1", 30000}});
    invoice("LIC-2", "2026-07-20", 100000);
    pay_usd();
    payout("2026-07-25", "PO-2", "U-KYOTO", 100000);
    payout("2026-07-25", "PO-3", "L-AIST", 30000);
  }

  // 1,000.00 USD at 150.5: the USD legs and the JPY legs balance apart,
  // through equity:fx.
  void pay_usd() {
    JournalEntry e{d("2026-07-20"), "payment", "PAY-USD", "USD payment", {}};
    e.postings = {make_posting(cash_account("USD"), "USD", 100000)};
    if (receivables_) {
      e.postings.push_back(make_posting(receivable_account("C-0002"), "USD", -100000));
      e.postings.push_back(make_posting(undistributed_account(), "USD", 100000));
    }
    e.postings.push_back(make_posting(fx_account(), "USD", -100000, "150.5"));
    e.postings.push_back(make_posting(fx_account(), "JPY", 150500, "150.5"));
    distribute(e, 150500, {{"U-KYOTO", "JP2020000003A", "2/3", 100333}}, "LIC-2", "PAY-USD");
    auto s = post(e);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  Result<CloseOutcome> close(const char* month, CloseHooks hooks = {}) {
    CloseService service(*db_, "tester", std::move(hooks));
    return service.close(month);
  }

  void close_ok(const char* month) {
    auto r = close(month);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  StatementView statement(const char* institution, const char* month) {
    CloseService service(*db_, "tester");
    auto v = service.statement(institution, month);
    EXPECT_TRUE(v.ok()) << v.error().message;
    return v.ok() ? std::move(v).value() : StatementView{};
  }

  long long count(const std::string& table) {
    long long n = 0;
    soci_session(*db_) << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  bool receivables_ = true;

  static std::map<std::string, std::int64_t> closings(const CloseOutcome& out) {
    std::map<std::string, std::int64_t> m;
    for (const auto& s : out.statements) m[s.institution] = s.closing_balance;
    return m;
  }
};

TEST_P(CloseServiceTest, StatementFiguresInExactYen) {
  load_june_july();
  if (HasFatalFailure()) return;
  auto june = close("2026-06");
  ASSERT_TRUE(june.ok()) << june.error().message;
  EXPECT_FALSE(june->already_closed);
  EXPECT_EQ(closings(*june), (std::map<std::string, std::int64_t>{{"U-KYOTO", 222222}, {"U-TOKYO", 444444}}));
  auto july = close("2026-07");
  ASSERT_TRUE(july.ok()) << july.error().message;
  EXPECT_EQ(closings(*july),
            (std::map<std::string, std::int64_t>{{"L-AIST", 0}, {"U-KYOTO", 333666}, {"U-TOKYO", 266666}}));
  EXPECT_EQ(count("statement"), 5);

  const Statement kyoto = statement("U-KYOTO", "2026-07").statement;
  EXPECT_FALSE(kyoto.provisional);
  EXPECT_EQ(kyoto.institution_name_ja, "京都大学");
  EXPECT_EQ(kyoto.currency, "JPY");
  EXPECT_EQ(kyoto.opening_balance, 222222);
  EXPECT_EQ(kyoto.income_total, 211444);  // 111,111 + 100,333
  EXPECT_EQ(kyoto.payouts_total, 100000);
  EXPECT_EQ(kyoto.closing_balance, 333666);
  ASSERT_EQ(kyoto.lines.size(), 2u);
  const StatementLine& first = kyoto.lines[0];
  EXPECT_EQ(first.date.to_string(), "2026-07-15");
  EXPECT_EQ(first.agreement, "LIC-1");
  EXPECT_EQ(first.licensee, "C-0001");
  EXPECT_EQ(first.package, "PKG-A");
  EXPECT_EQ(first.patent, "JP2020000002A");
  EXPECT_EQ(first.income_type, "running_royalty");
  EXPECT_EQ(first.payment_reference, "PAY-2");
  EXPECT_EQ(first.share, "2/9");
  EXPECT_EQ(first.amount, 111111);
  const StatementLine& usd = kyoto.lines[1];
  EXPECT_EQ(usd.agreement, "LIC-2");
  EXPECT_EQ(usd.licensee, "C-0002");
  EXPECT_EQ(usd.package, "");  // a patent-list agreement
  EXPECT_EQ(usd.share, "2/3");
  EXPECT_EQ(usd.amount, 100333);
  ASSERT_EQ(kyoto.payouts.size(), 1u);
  EXPECT_EQ(kyoto.payouts[0].reference, "PO-2");
  EXPECT_EQ(kyoto.payouts[0].date.to_string(), "2026-07-25");
  EXPECT_EQ(kyoto.payouts[0].amount, 100000);

  const Statement aist = statement("L-AIST", "2026-07").statement;
  EXPECT_EQ(aist.opening_balance, 0);
  EXPECT_EQ(aist.income_total, 30000);
  EXPECT_EQ(aist.payouts_total, 30000);
  EXPECT_EQ(aist.closing_balance, 0);
}

// A payment reversal (its entry negated, as PaymentService::reverse_payment
// posts it) shows on the statement of its month as negative income lines
// carrying the payment's reference, not as payouts; a payout reversal as a
// negative payout.
TEST_P(CloseServiceTest, ReversalsAreNegativeIncomeAndNegativePayoutsOnTheStatement) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  close_ok("2026-07");
  long long entry = 0;
  soci_session(*db_) << "SELECT id FROM journal_entry WHERE kind = 'payment' AND reference = 'PAY-2'", soci::into(entry);
  JournalEntry reversal{d("2026-08-03"), "payment_reversal", "PAY-2", "reversal of payment PAY-2: bounced", {}};
  reversal.postings = entry_postings(*db_, entry);
  for (Posting& p : reversal.postings) p.amount_minor = -p.amount_minor;
  ASSERT_TRUE(post(reversal).ok());
  JournalEntry payout_back = payout_entry("2026-08-04", "PO-2", "U-KYOTO", 100000);
  payout_back.kind = "payout_reversal";
  for (Posting& p : payout_back.postings) p.amount_minor = -p.amount_minor;
  ASSERT_TRUE(post(payout_back).ok());
  auto august = close("2026-08");
  ASSERT_TRUE(august.ok()) << august.error().message;
  // U-KYOTO 333,666 − 111,111 + 100,000 (PO-2 undone); U-TOKYO 266,666 − 222,222.
  EXPECT_EQ(closings(*august), (std::map<std::string, std::int64_t>{{"U-KYOTO", 322555}, {"U-TOKYO", 44444}}));
  const Statement kyoto = statement("U-KYOTO", "2026-08").statement;
  EXPECT_EQ(kyoto.opening_balance, 333666);
  EXPECT_EQ(kyoto.income_total, -111111);
  EXPECT_EQ(kyoto.payouts_total, -100000);
  ASSERT_EQ(kyoto.payouts.size(), 1u);
  EXPECT_EQ(kyoto.payouts[0].reference, "PO-2");
  EXPECT_EQ(kyoto.payouts[0].date.to_string(), "2026-08-04");
  EXPECT_EQ(kyoto.payouts[0].amount, -100000);
  ASSERT_EQ(kyoto.lines.size(), 1u);
  EXPECT_EQ(kyoto.lines[0].date.to_string(), "2026-08-03");
  EXPECT_EQ(kyoto.lines[0].payment_reference, "PAY-2");
  EXPECT_EQ(kyoto.lines[0].agreement, "LIC-1");
  EXPECT_EQ(kyoto.lines[0].patent, "JP2020000002A");
  EXPECT_EQ(kyoto.lines[0].share, "2/9");
  EXPECT_EQ(kyoto.lines[0].amount, -111111);
  const std::string csv = statement_csv(kyoto, "x");
  EXPECT_NE(csv.find(",PAY-2,LIC-1,C-0001,PKG-A,JP2020000002A,running_royalty,2/9,-111111"), std::string::npos)
      << csv;
  EXPECT_NE(statement_html(kyoto, "x").find("-111,111"), std::string::npos);
}

// A month closed before statement format 2 keeps its stored bytes: served as
// issued (format 1 keys), its SHA-256 unchanged, and rendered in every
// format as version 1 rendered it (sql/0026 records the version: 1 by
// default for the rows issued before); new closes issue format 3.
TEST_P(CloseServiceTest, StatementsIssuedInFormatOneAreServedAsStored) {
  const std::string v1 =
      R"({"institution":"U-TOKYO","institution_name_en":"The University of Tokyo","institution_name_ja":null,)"
      R"("month":"2026-05","currency":"JPY","provisional":false,"opening_balance":0,"income_total":0,)"
      R"("payouts_total":0,"closing_balance":0,"lines":[],"payouts":[]})";
  long long tokyo = 0;
  soci_session(*db_) << "SELECT id FROM institution WHERE code = 'U-TOKYO'", soci::into(tokyo);
  const std::string sha = sha256_hex(v1);
  soci_session(*db_) << "INSERT INTO closed_month (month, closed_at) VALUES ('2026-05', '2026-06-01T00:00:00Z')";
  soci_session(*db_) << "INSERT INTO statement (institution_id, month, sha256, body) VALUES (:i, '2026-05', :s, :b)",
      soci::use(tokyo), soci::use(sha), soci::use(v1);
  const StatementView old = statement("U-TOKYO", "2026-05");
  EXPECT_EQ(old.canonical, v1);
  EXPECT_EQ(old.sha256, sha);
  EXPECT_EQ(old.statement.format, 1);
  // Version 1's CSV: no party column, no original-currency columns.
  EXPECT_EQ(statement_csv(old.statement, old.sha256),
            "institution,month,currency,status,sha256,kind,date,reference,agreement,licensee,package,patent,"
            "income_type,share,amount\n"
            "U-TOKYO,2026-05,JPY,issued," + sha + ",opening_balance,2026-05-01,,,,,,,,0\n"
            "U-TOKYO,2026-05,JPY,issued," + sha + ",income_total,,,,,,,,,0\n"
            "U-TOKYO,2026-05,JPY,issued," + sha + ",payouts_total,,,,,,,,,0\n"
            "U-TOKYO,2026-05,JPY,issued," + sha + ",closing_balance,,,,,,,,,0\n");
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  const StatementView fresh = statement("U-TOKYO", "2026-06");
  EXPECT_EQ(fresh.statement.format, 3);
  EXPECT_EQ(fresh.canonical.rfind(R"({"format":3,"party":"institution",)", 0), 0u) << fresh.canonical;
  long long version = 0;
  soci_session(*db_) << "SELECT s.format_version FROM statement s JOIN institution i ON i.id = s.institution_id "
                        "WHERE i.code = 'U-TOKYO' AND s.month = '2026-06'",
      soci::into(version);
  EXPECT_EQ(version, 3);
  // The old one still verifies after the new close (sha256, recorded version, re-render).
  EXPECT_EQ(statement("U-TOKYO", "2026-05").canonical, v1);
  // A recorded version that is not the body's is refused as corrupt.
  soci_session(*db_) << "INSERT INTO statement (institution_id, month, sha256, body, format_version) "
                        "SELECT id, '2026-05', :s, :b, 2 FROM institution WHERE code = 'U-KYOTO'",
      soci::use(sha), soci::use(v1);
  auto wrong = CloseService(*db_, "tester").statement("U-KYOTO", "2026-05");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "statement_corrupt");
  EXPECT_NE(wrong.error().message.find("format 2"), std::string::npos) << wrong.error().message;
}

TEST_P(CloseServiceTest, NonZeroBalanceWithoutActivityGetsAStatement) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  close_ok("2026-07");
  // August: nothing posted. U-TOKYO and U-KYOTO still are owed money; L-AIST
  // (0, no activity) gets no statement.
  auto aug = close("2026-08");
  ASSERT_TRUE(aug.ok()) << aug.error().message;
  EXPECT_EQ(closings(*aug), (std::map<std::string, std::int64_t>{{"U-KYOTO", 333666}, {"U-TOKYO", 266666}}));
  const Statement tokyo = statement("U-TOKYO", "2026-08").statement;
  EXPECT_EQ(tokyo.opening_balance, 266666);
  EXPECT_TRUE(tokyo.lines.empty());
  EXPECT_TRUE(tokyo.payouts.empty());
  CloseService service(*db_, "tester");
  auto none = service.statement("L-AIST", "2026-08");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "no statement was issued to L-AIST for 2026-08: it had no activity and nothing owed");
}

TEST_P(CloseServiceTest, ClosedStatementsRenderByteIdentical) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  auto july = close("2026-07");
  ASSERT_TRUE(july.ok());
  const StatementView a = statement("U-TOKYO", "2026-07"), b = statement("U-TOKYO", "2026-07");
  EXPECT_TRUE(a.stored);
  EXPECT_EQ(a.canonical, b.canonical);
  EXPECT_EQ(a.sha256, sha256_hex(a.canonical));
  EXPECT_EQ(statement_json(a.canonical, a.sha256), statement_json(b.canonical, b.sha256));
  EXPECT_EQ(statement_csv(a.statement, a.sha256), statement_csv(b.statement, b.sha256));
  EXPECT_EQ(statement_html(a.statement, a.sha256), statement_html(b.statement, b.sha256));
  // What is stored is exactly the canonical rendering of what is read back.
  EXPECT_EQ(canonical_json(a.statement), a.canonical);
  std::string body, sha;
  soci_session(*db_) << "SELECT s.body, s.sha256 FROM statement s JOIN institution i ON i.id = s.institution_id "
                "WHERE i.code = 'U-TOKYO' AND s.month = '2026-07'",
      soci::into(body), soci::into(sha);
  EXPECT_EQ(body, a.canonical);
  EXPECT_EQ(sha, a.sha256);
  for (const auto& s : july->statements) {
    if (s.institution == "U-TOKYO") {
      EXPECT_EQ(s.sha256, a.sha256);
    }
  }
  // Later postings (August) change nothing in July's statement.
  payout("2026-08-03", "PO-4", "U-TOKYO", 1000);
  EXPECT_EQ(statement("U-TOKYO", "2026-07").canonical, a.canonical);
}

TEST_P(CloseServiceTest, ClosingAClosedMonthAgainIsANoOpWithTheSameHashes) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  auto first = close("2026-07");
  ASSERT_TRUE(first.ok());
  const std::string before = dump_content(*db_);
  int calls = 0;
  CloseHooks hooks;
  hooks.check_ledger = [&](Database&, const std::string&) -> Status {
    ++calls;
    return {};
  };
  auto again = close("2026-07", hooks);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->already_closed);
  EXPECT_EQ(again->closed_at, first->closed_at);
  ASSERT_EQ(again->statements.size(), first->statements.size());
  for (std::size_t i = 0; i < first->statements.size(); ++i) {
    EXPECT_EQ(again->statements[i].institution, first->statements[i].institution);
    EXPECT_EQ(again->statements[i].sha256, first->statements[i].sha256);
    EXPECT_EQ(again->statements[i].closing_balance, first->statements[i].closing_balance);
  }
  EXPECT_EQ(calls, 0);  // no hook runs for a closed month
  EXPECT_EQ(dump_content(*db_), before);
}

TEST_P(CloseServiceTest, MonthsCloseInOrder) {
  load_june_july();
  if (HasFatalFailure()) return;
  CloseService service(*db_, "tester");
  EXPECT_EQ(service.next_month_to_close(), "2026-06");
  std::string before = dump_content(*db_);
  auto skip = close("2026-07");
  ASSERT_FALSE(skip.ok());
  EXPECT_EQ(skip.error().message,
            "cannot close 2026-07: months close in order; close 2026-06 first (the earliest posting is dated "
            "2026-06-10)");
  EXPECT_EQ(dump_content(*db_), before);
  close_ok("2026-06");
  EXPECT_EQ(service.next_month_to_close(), "2026-07");
  before = dump_content(*db_);
  auto gap = close("2026-09");
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().message,
            "cannot close 2026-09: months close in order; close 2026-07 first (the last closed month is 2026-06)");
  auto earlier = close("2026-05");
  ASSERT_FALSE(earlier.ok());
  EXPECT_EQ(earlier.error().message,
            "cannot close 2026-05: months up to 2026-06 are already locked; the next month to close is 2026-07");
  auto bad = close("2026-7");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "month '2026-7' is not YYYY-MM");
  EXPECT_EQ(dump_content(*db_), before);
  close_ok("2026-07");
  close_ok("2026-08");
}

TEST_P(CloseServiceTest, AnEmptyLedgerClosesAnyFirstMonth) {
  auto r = close("2026-03");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->statements.empty());
  EXPECT_EQ(count("closed_month"), 1);
  CloseService service(*db_, "tester");
  EXPECT_EQ(service.next_month_to_close(), "2026-04");
}

TEST_P(CloseServiceTest, PostingsInClosedMonthsAreRefused) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  close_ok("2026-07");
  const std::string before = dump_content(*db_);
  auto late = post(payout_entry("2026-07-31", "PO-LATE", "U-TOKYO", 1000));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().message, "cannot post on 2026-07-31: 2026-07 is closed (months up to it are locked)");
  auto older = post(payout_entry("2026-06-01", "PO-OLD", "U-TOKYO", 1000));
  ASSERT_FALSE(older.ok());
  WriteTransaction tx(*db_);
  InvoiceDraft draft{"LIC-1", "running_royalty", d("2026-07-30"), 5, std::nullopt, "", std::nullopt, ""};
  auto inv = issue_invoice(*db_, draft);
  ASSERT_FALSE(inv.ok());
  EXPECT_NE(inv.error().message.find("2026-07 is closed"), std::string::npos);
  tx.rollback();
  EXPECT_EQ(dump_content(*db_), before);
  payout("2026-08-01", "PO-AUG", "U-TOKYO", 1000);  // August is open
  EXPECT_EQ(statement("U-TOKYO", "2026-08").statement.closing_balance, 265666);
}

// PostgreSQL runs writers concurrently: a close must not run while a posting
// transaction is in flight (its statements and its ledger checkpoint would
// miss rows committed later), and a posting must wait for a running close.
TEST_P(CloseServiceTest, ACloseWaitsForPostingTransactionsInFlight) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "SQLite admits one writer at a time";
  load_june_july();
  if (HasFatalFailure()) return;
  const std::int64_t june = statement("U-TOKYO", "2026-06").statement.closing_balance;  // provisional
  auto writer = tdb_->open();
  writer->begin_write();
  hold_off_month_close(*writer);  // as every posting transaction does first
  std::atomic<bool> done{false};
  Result<CloseOutcome> closed = make_error(ErrorKind::kRefused, "not_run", "the close did not run");
  std::thread closer([&] {
    auto db = tdb_->open();
    CloseService service(*db, "tester");
    closed = service.close("2026-06");
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(done.load()) << "the close ran while a posting transaction was open";
  // The writer posts a payout dated in June and commits; the close then runs and sees it.
  auto id = post_journal_entry(*writer, payout_entry("2026-06-30", "PO-INFLIGHT", "U-TOKYO", 1000));
  ASSERT_TRUE(id.ok()) << id.error().message;
  writer->commit();
  closer.join();
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(statement("U-TOKYO", "2026-06").statement.closing_balance, june - 1000);
}

TEST_P(CloseServiceTest, HooksRunInTheCloseTransaction) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  std::vector<std::string> calls;
  CloseHooks hooks;
  // A fake true-up: invoices LIC-1's shortfall on the month's last day.
  hooks.issue_true_ups = [&](Database& db, Date month_end) -> Status {
    calls.push_back("true_ups " + month_end.to_string());
    WriteTransaction tx(db);
    InvoiceDraft draft{"LIC-1", "minimum_true_up", month_end, 70000, std::nullopt, "", 0, "true-up"};
    auto id = issue_invoice(db, draft);
    if (!id) return id.error();
    tx.commit();
    return {};
  };
  hooks.check_ledger = [&](Database& db, const std::string&) -> Status {
    long long n = 0;
    soci_session(db) << "SELECT COUNT(*) FROM invoice WHERE income_type = 'minimum_true_up'", soci::into(n);
    calls.push_back("check sees " + std::to_string(n) + " true-up(s)");
    return {};
  };
  auto r = close("2026-07", hooks);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls, (std::vector<std::string>{"true_ups 2026-07-31", "check sees 1 true-up(s)"}));
  EXPECT_EQ(count("invoice"), 5);  // 4 invoices + the true-up
}

TEST_P(CloseServiceTest, AFailingCheckRefusesTheCloseAndUndoesTheTrueUps) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  const std::string before = dump_content(*db_);
  CloseHooks hooks;
  hooks.issue_true_ups = [&](Database& db, Date month_end) -> Status {
    InvoiceDraft draft{"LIC-1", "minimum_true_up", month_end, 70000, std::nullopt, "", 0, "true-up"};
    auto id = issue_invoice(db, draft);
    return id ? Status{} : Status(id.error());
  };
  hooks.check_ledger = [](Database&, const std::string&) -> Status {
    return make_error(ErrorKind::kRefused, "payable_negative", "payable liabilities:payable:U-TOKYO is below zero: -5");
  };
  auto r = close("2026-07", hooks);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "cannot close 2026-07: the ledger check failed: payable liabilities:payable:U-TOKYO is below zero: -5");
  EXPECT_EQ(dump_content(*db_), before);  // no true-up, no closed month, no statement

  CloseHooks failing_true_ups;
  failing_true_ups.issue_true_ups = [](Database&, Date) -> Status {
    return make_error(ErrorKind::kInvalid, "bad_agreement", "agreement LIC-9 has no tiers");
  };
  auto t = close("2026-07", failing_true_ups);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "cannot close 2026-07: the true-ups failed: agreement LIC-9 has no tiers");
  EXPECT_EQ(dump_content(*db_), before);
}

TEST_P(CloseServiceTest, OpenMonthsGiveProvisionalStatements) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  const StatementView v = statement("U-TOKYO", "2026-07");
  EXPECT_FALSE(v.stored);
  EXPECT_TRUE(v.statement.provisional);
  EXPECT_EQ(v.statement.opening_balance, 444444);
  EXPECT_EQ(v.statement.closing_balance, 266666);
  EXPECT_NE(v.canonical.find("\"provisional\":true"), std::string::npos);
  // A provisional statement carries no SHA-256 (format 3): it is not issued.
  EXPECT_EQ(v.sha256, "");
  EXPECT_NE(statement_json(v.canonical, v.sha256).find("\"sha256\":null}"), std::string::npos);
  EXPECT_EQ(count("statement"), 2);  // June's only: nothing stored
  // An institution with no payable at all: a provisional zero statement.
  const StatementView empty = statement("C-0001", "2026-07");
  EXPECT_EQ(empty.statement.closing_balance, 0);
  // After the close the stored statement has the same figures, not provisional.
  close_ok("2026-07");
  const StatementView issued = statement("U-TOKYO", "2026-07");
  EXPECT_TRUE(issued.stored);
  EXPECT_FALSE(issued.statement.provisional);
  EXPECT_EQ(issued.statement.closing_balance, 266666);
  EXPECT_EQ(issued.statement.lines.size(), v.statement.lines.size());
}

TEST_P(CloseServiceTest, StatementRefusals) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  CloseService service(*db_, "tester");
  auto unknown = service.statement("U-NOWHERE", "2026-06");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unknown institution code 'U-NOWHERE'");
  auto none = service.statement("C-0001", "2026-06");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "no statement was issued to C-0001 for 2026-06: it had no activity and nothing owed");
  auto before_first = service.statement("U-TOKYO", "2026-05");
  ASSERT_FALSE(before_first.ok());
  EXPECT_EQ(before_first.error().message,
            "no statement for U-TOKYO in 2026-05: it is before the first closed month, and nothing was posted in it");
  auto bad = service.statement("U-TOKYO", "July");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "month 'July' is not YYYY-MM");
}

TEST_P(CloseServiceTest, CloseIsRecordedInTheHistory) {
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  std::string actor, detail;
  soci_session(*db_) << "SELECT actor, detail FROM change_log WHERE action = 'month.close' AND entity_key = '2026-06'",
      soci::into(actor), soci::into(detail);
  EXPECT_EQ(actor, "tester");
  EXPECT_NE(detail.find(R"("institution":"U-TOKYO","closing_balance":444444,"sha256":")"), std::string::npos);
}

// ---- hledger ----

bool have_hledger() { return std::system("hledger --version >/dev/null 2>&1") == 0; }

std::string run(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  *status = pclose(pipe);
  return out;
}

// hledger's balance of every payable at the end of `day` (owed: positive).
std::map<std::string, std::int64_t> hledger_payables(const std::string& file, const char* end_exclusive) {
  int status = 0;
  const std::string csv = run("hledger -f " + file + " bal liabilities:payable -N --no-total -O csv -e " +
                                  end_exclusive, &status);
  std::map<std::string, std::int64_t> out;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    // "liabilities:payable:U-TOKYO","-266666 JPY"
    const auto comma = line.find("\",\"");
    if (line.rfind("\"liabilities:payable:", 0) != 0 || comma == std::string::npos) continue;
    const std::string code = line.substr(21, comma - 21);
    const std::string amount = line.substr(comma + 3, line.find(' ', comma) - comma - 3);
    out[code] = -std::stoll(amount);
  }
  return out;
}

TEST_P(CloseServiceTest, HledgerExportPassesStrictCheckAndAgreesWithStatements) {
  if (!have_hledger()) GTEST_SKIP() << "hledger is not installed (apt-get install -y hledger)";
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  auto july = close("2026-07");
  ASSERT_TRUE(july.ok());
  payout("2026-08-03", "PO-4", "U-TOKYO", 1000);  // after the last close
  testing::TempDir dir;
  const std::string file = dir.file("chizai.journal");
  {
    std::ofstream out(file);
    CloseService service(*db_, "tester");
    ASSERT_TRUE(service.export_hledger(out).ok());
  }
  int status = 0;
  const std::string check = run("hledger -f " + file + " check -s", &status);
  EXPECT_EQ(status, 0) << check;
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("commodity 1,000. JPY\n"), std::string::npos);
  EXPECT_NE(text.find("commodity 1,000.00 USD\n"), std::string::npos);
  EXPECT_NE(text.find("account liabilities:payable:U-TOKYO\n"), std::string::npos);
  EXPECT_NE(text.find("    liabilities:payable:U-TOKYO  0 JPY = -266666 JPY\n"), std::string::npos);
  EXPECT_NE(text.find("    liabilities:payable:L-AIST  0 JPY = 0 JPY\n"), std::string::npos);
  // hledger's balances at each closed month end are the statements' closings.
  EXPECT_EQ(hledger_payables(file, "2026-07-01"),
            (std::map<std::string, std::int64_t>{{"U-KYOTO", 222222}, {"U-TOKYO", 444444}}));
  const auto at_july = hledger_payables(file, "2026-08-01");
  for (const auto& s : july->statements) {
    const auto it = at_july.find(s.institution);
    const std::int64_t hledger_balance = it == at_july.end() ? 0 : it->second;  // hledger omits zero rows
    EXPECT_EQ(hledger_balance, s.closing_balance) << s.institution;
  }
  EXPECT_EQ(hledger_payables(file, "2026-09-01").at("U-TOKYO"), 265666);
  // --through: up to July only; still strict-clean.
  const std::string through = dir.file("through.journal");
  {
    std::ofstream out(through);
    CloseService service(*db_, "tester");
    ASSERT_TRUE(service.export_hledger(out, "2026-07").ok());
  }
  const std::string check2 = run("hledger -f " + through + " check -s", &status);
  EXPECT_EQ(status, 0) << check2;
  EXPECT_EQ(hledger_payables(through, "2026-09-01").at("U-TOKYO"), 266666);
}

TEST_P(CloseServiceTest, HledgerCatchesAStatementThatDisagreesWithThePostings) {
  if (!have_hledger()) GTEST_SKIP() << "hledger is not installed (apt-get install -y hledger)";
  load_june_july();
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  // A forged statement for L-AIST in June (it had nothing then): its closing
  // balance, asserted at the month end, cannot hold.
  Statement forged;
  forged.institution = "L-AIST";
  forged.month = "2026-06";
  forged.opening_balance = 5;
  ASSERT_TRUE(finish_statement(forged).ok());
  const std::string body = canonical_json(forged), sha = sha256_hex(body);
  soci_session(*db_) << "INSERT INTO statement (institution_id, month, sha256, body, format_version) "
                "SELECT id, '2026-06', :s, :b, 3 FROM institution WHERE code = 'L-AIST'",
      soci::use(sha), soci::use(body);
  testing::TempDir dir;
  const std::string file = dir.file("forged.journal");
  {
    std::ofstream out(file);
    CloseService service(*db_, "tester");
    ASSERT_TRUE(service.export_hledger(out).ok());
  }
  int status = 0;
  const std::string check = run("hledger -f " + file + " check -s", &status);
  EXPECT_NE(status, 0);
  EXPECT_NE(check.find("balance assertion"), std::string::npos) << check;
}

// ---- crash atomicity: the real binary, killed mid-close ----

// Starts `chizai close` with the test pause, waits until it reports that it
// is about to commit, and kills it with SIGKILL. True when it was killed there.
bool kill_close_before_commit(const std::string& bin, const std::string& url, const char* month) {
  int err[2];
  if (pipe(err) != 0) return false;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(err[1], STDERR_FILENO);
    close(err[0]);
    close(err[1]);
    setenv("CHIZAI_TEST_CLOSE_PAUSE_MS", "60000", 1);
    execl(bin.c_str(), bin.c_str(), "--db", url.c_str(), "--user", "tester", "close", "--month", month,
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(err[1]);
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (seen.find("close: paused before commit") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd p{err[0], POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char buf[512];
    const ssize_t n = read(err[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
  }
  const bool paused = seen.find("close: paused before commit") != std::string::npos;
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(err[0]);
  EXPECT_TRUE(paused) << "chizai close did not reach the pause: " << seen;
  return paused && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST_P(CloseServiceTest, KilledMidCloseLeavesNothingAndTheNextRunCompletes) {
  const char* bin = std::getenv("CHIZAI_BIN");
  if (!bin || !*bin) GTEST_SKIP() << "CHIZAI_BIN is not set (scripts/test.sh sets it)";
  load_june_july(/*receivables=*/false);  // the binary runs the real ledger check
  if (HasFatalFailure()) return;
  close_ok("2026-06");
  const std::string before = dump_content(*db_);
  ASSERT_TRUE(kill_close_before_commit(bin, tdb_->url(), "2026-07"));
  // A fresh session on the database: no trace of the killed close.
  db_.reset();
  db_ = tdb_->open();
  EXPECT_EQ(count("closed_month"), 1);
  EXPECT_EQ(count("statement"), 2);
  EXPECT_EQ(dump_content(*db_), before);
  // The next run does it all.
  auto r = close("2026-07");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->already_closed);
  EXPECT_EQ(closings(*r),
            (std::map<std::string, std::int64_t>{{"L-AIST", 0}, {"U-KYOTO", 333666}, {"U-TOKYO", 266666}}));
  EXPECT_EQ(count("statement"), 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, CloseServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
