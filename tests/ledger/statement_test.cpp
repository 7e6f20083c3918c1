// The statement model (no database): totals and the closing-balance
// identity, canonical JSON with its fixed key order and a lossless round
// trip, and the hledger journal text. Its CSV and HTML renderings are
// tested in tests/views/statement_print_test.cpp.
#include "ledger/statement.h"

#include <gtest/gtest.h>

#include "statement_fixture.h"

namespace chizai {
namespace {

using testing::d;
using testing::july;
using testing::line;

TEST(Statement, TotalsAndClosingBalance) {
  Statement s = july();
  ASSERT_TRUE(finish_statement(s).ok());
  EXPECT_EQ(s.income_total, 333333);
  EXPECT_EQ(s.payouts_total, 150000);
  EXPECT_EQ(s.closing_balance, 283333);
  EXPECT_EQ(s.lines[0].payment_reference, "PAY-1");  // sorted by date
  EXPECT_EQ(s.lines[1].payment_reference, "PAY-2");
}

TEST(Statement, OrderOfInputDoesNotMatter) {
  Statement a = july(), b = july();
  std::swap(b.lines[0], b.lines[1]);
  ASSERT_TRUE(finish_statement(a).ok());
  ASSERT_TRUE(finish_statement(b).ok());
  EXPECT_EQ(canonical_json(a), canonical_json(b));
}

TEST(Statement, RefusesLinesOutsideTheMonthAndBadMonths) {
  Statement s = july();
  s.payouts.push_back({d("2026-08-01"), "PO-2", 1});
  auto r = finish_statement(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "payout dated 2026-08-01 is not in 2026-07");
  Statement m = july();
  m.month = "2026-13";
  ASSERT_FALSE(finish_statement(m).ok());
  EXPECT_EQ(finish_statement(m).error().message, "statement month '2026-13' is not YYYY-MM");
}

TEST(Statement, CheckNamesTheFigureThatIsOff) {
  Statement s = july();
  ASSERT_TRUE(finish_statement(s).ok());
  s.closing_balance += 1;
  auto r = check_statement(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "statement of U-TOKYO for 2026-07: closing_balance is 283334, the figures give 283333");
}

// Format 2 (issued from 2026-12-07 until sql/0026) keeps its bytes.
TEST(Statement, CanonicalJsonHasAFixedKeyOrder) {
  Statement s = july();
  s.format = 2;
  s.lines.pop_back();  // keep the 2026-07-20 line only
  s.lines[0].package.clear();  // a patent-list agreement: null
  ASSERT_TRUE(finish_statement(s).ok());
  EXPECT_EQ(canonical_json(s),
            R"({"format":2,"institution":"U-TOKYO","institution_name_en":"The University of Tokyo",)"
            R"("institution_name_ja":"東京大学","month":"2026-07","currency":"JPY","provisional":false,)"
            R"("opening_balance_minor":100000,"income_total_minor":111111,"payouts_total_minor":150000,)"
            R"("closing_balance_minor":61111,"lines":[{"date":"2026-07-20","agreement":"LIC-1",)"
            R"("licensee":"C-0001","package":null,"patent":"JP2020000002A",)"
            R"("income_type":"running_royalty","payment_reference":"PAY-2","share":"1/6","currency":"JPY",)"
            R"("amount_minor":111111}],"payouts":[{"date":"2026-07-25","reference":"PO-1","currency":"JPY",)"
            R"("amount_minor":150000}]})");
}

// Statements issued before format 2 are kept as issued: read back, they
// write exactly their stored bytes again (so their SHA-256 still holds).
TEST(Statement, FormatOneIsReadAndRewrittenAsIssued) {
  const std::string v1 =
      R"({"institution":"U-TOKYO","institution_name_en":"The University of Tokyo",)"
      R"("institution_name_ja":"東京大学","month":"2026-07","currency":"JPY","provisional":false,)"
      R"("opening_balance":100000,"income_total":111111,"payouts_total":150000,)"
      R"("closing_balance":61111,"lines":[{"date":"2026-07-20","agreement":"LIC-1",)"
      R"("licensee":"C-0001","package":null,"patent":"JP2020000002A",)"
      R"("income_type":"running_royalty","payment_reference":"PAY-2","share":"1/6",)"
      R"("amount":111111}],"payouts":[{"date":"2026-07-25","reference":"PO-1","amount":150000}]})";
  auto s = parse_statement_json(v1);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->format, 1);
  EXPECT_EQ(s->closing_balance, 61111);
  EXPECT_EQ(s->lines.at(0).amount, 111111);
  EXPECT_EQ(canonical_json(*s), v1);
  // A format-2 key in a format-1 document, or an unknown format, is refused.
  std::string mixed = v1;
  mixed.replace(mixed.find("\"closing_balance\""), 17, "\"closing_balance_minor\"");
  EXPECT_FALSE(parse_statement_json(mixed).ok());
  auto future = parse_statement_json(R"({"format":4})");
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().message, "statement JSON: unknown format 4");
}

// Format 3 (from sql/0026): the party first, and each line's original
// currency, amount and rate (null for yen income) and note.
TEST(Statement, FormatThreeCarriesThePartyAndTheOriginalCurrency) {
  Statement s = july();
  s.lines.pop_back();  // keep the 2026-07-20 line only
  // USD 10,000.00 at 151.234567 = 1,512,345.67 → 1,512,346 JPY; the line is 1/6 of it: 252,057.67 → 252,058.
  s.lines[0].original_currency = "USD";
  s.lines[0].original_amount = 1000000;
  s.lines[0].fx_rate = "151.234567";
  s.lines[0].amount = 252058;
  s.lines.push_back(line("2026-07-21", "PAY-3", "JP2020000001A", 5000));
  s.lines.back().note = "late agreement: a reason";
  ASSERT_TRUE(finish_statement(s).ok());
  EXPECT_EQ(s.format, 3);
  const std::string text = canonical_json(s);
  EXPECT_EQ(text,
            R"({"format":3,"party":"institution","institution":"U-TOKYO","institution_name_en":"The University of Tokyo",)"
            R"("institution_name_ja":"東京大学","month":"2026-07","currency":"JPY","provisional":false,)"
            R"("opening_balance_minor":100000,"income_total_minor":257058,"payouts_total_minor":150000,)"
            R"("closing_balance_minor":207058,"lines":[{"date":"2026-07-20","agreement":"LIC-1",)"
            R"("licensee":"C-0001","package":"PKG-A","patent":"JP2020000002A",)"
            R"("income_type":"running_royalty","payment_reference":"PAY-2","share":"1/6","currency":"JPY",)"
            R"("amount_minor":252058,"original_currency":"USD","original_amount_minor":1000000,)"
            R"("fx_rate":"151.234567","note":null},{"date":"2026-07-21","agreement":"LIC-1","licensee":"C-0001",)"
            R"("package":"PKG-A","patent":"JP2020000001A","income_type":"running_royalty","payment_reference":"PAY-3",)"
            R"("share":"1/3","currency":"JPY","amount_minor":5000,"original_currency":null,)"
            R"("original_amount_minor":null,"fx_rate":null,"note":"late agreement: a reason"}],)"
            R"("payouts":[{"date":"2026-07-25","reference":"PO-1","currency":"JPY","amount_minor":150000}]})");
  auto back = parse_statement_json(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->format, 3);
  EXPECT_EQ(back->lines[0].original_amount, 1000000);
  EXPECT_EQ(back->lines[1].note, "late agreement: a reason");
  EXPECT_EQ(canonical_json(*back), text);
  Statement aggregator = july();
  aggregator.party = "aggregator";
  ASSERT_TRUE(finish_statement(aggregator).ok());
  auto agg = parse_statement_json(canonical_json(aggregator));
  ASSERT_TRUE(agg.ok());
  EXPECT_EQ(agg->party, "aggregator");
  std::string unknown = canonical_json(aggregator);
  unknown.replace(unknown.find("aggregator"), 10, "treasurer");
  ASSERT_FALSE(parse_statement_json(unknown).ok());
  // A provisional statement carries no SHA-256: the key is null.
  EXPECT_NE(statement_json(text, "").find(R"("sha256":null})"), std::string::npos);
}

TEST(Statement, JsonWithSha256AppendsTheKeyLast) {
  EXPECT_EQ(statement_json(R"({"a":1})", "ab12"), R"({"a":1,"sha256":"ab12"})");
}

TEST(Statement, CanonicalJsonRoundTripsExactly) {
  Statement s = july();
  s.institution_name_en = "Quote \" backslash \\ tab\t newline\n bell\x07 <&>";
  s.payouts[0].reference = "振込 PO-1, \"A\"";
  s.provisional = true;
  ASSERT_TRUE(finish_statement(s).ok());
  const std::string text = canonical_json(s);
  EXPECT_NE(text.find(R"(tab\t newline\n bell\u0007 <&>)"), std::string::npos);
  auto back = parse_statement_json(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->institution_name_en, s.institution_name_en);
  EXPECT_EQ(back->payouts[0].reference, s.payouts[0].reference);
  EXPECT_TRUE(back->provisional);
  EXPECT_EQ(canonical_json(*back), text);
  // With its sha256 key, and with \u escapes written by other tools.
  auto with_sha = parse_statement_json(statement_json(text, "00ff"));
  ASSERT_TRUE(with_sha.ok());
  EXPECT_EQ(canonical_json(*with_sha), text);
  std::string escaped = text;
  escaped.replace(escaped.find("東京大学"), std::string("東京大学").size(), R"(\u6771\u4eac\u5927\u5b66)");
  auto unescaped = parse_statement_json(escaped);
  ASSERT_TRUE(unescaped.ok()) << unescaped.error().message;
  EXPECT_EQ(unescaped->institution_name_ja, "東京大学");
}

TEST(Statement, ParseRefusesBrokenOrInconsistentJson) {
  Statement s = july();
  ASSERT_TRUE(finish_statement(s).ok());
  std::string text = canonical_json(s);
  auto truncated = parse_statement_json(text.substr(0, text.size() - 1));
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("statement JSON:"), std::string::npos);
  std::string tampered = text;
  tampered.replace(tampered.find("\"closing_balance_minor\":283333"), 30, "\"closing_balance_minor\":283334");
  auto off = parse_statement_json(tampered);
  ASSERT_FALSE(off.ok());
  EXPECT_NE(off.error().message.find("closing_balance is 283334, the figures give 283333"), std::string::npos);
  auto missing = parse_statement_json(R"({"institution":"U-X"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "statement JSON: missing or mistyped key \"institution_name_en\"");
  EXPECT_FALSE(parse_statement_json("[1,2]").ok());
  EXPECT_FALSE(parse_statement_json(R"({"institution":1.5})").ok());
}

TEST(Hledger, DeclarationsFixTheDecimalMark) {
  auto text = hledger_declarations({"USD", "JPY", "JPY"}, {"liabilities:payable:U-TOKYO", "assets:cash:JPY"});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text,
            "; Commodities: '.' is the decimal mark, ',' groups thousands.\n"
            "commodity 1,000. JPY\ncommodity 1,000.00 USD\n\n"
            "account assets:cash:JPY\naccount liabilities:payable:U-TOKYO\n");
  auto bad = hledger_declarations({"JPY"}, {"assets:cash  JPY"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "cannot export: account name 'assets:cash  JPY' is not valid in hledger");
  EXPECT_FALSE(hledger_declarations({"XYZ"}, {}).ok());
}

TEST(Hledger, TransactionsAndAssertions) {
  JournalEntry e{d("2026-07-15"), "payment", "PAY-1", "USD payment; first", {}};
  e.postings = {make_posting(cash_account("USD"), "USD", 10000),
                make_posting(undistributed_account(), "USD", -10000),
                make_posting(fx_account(), "USD", 10000, "150.5"),
                make_posting(fx_account(), "USD", -10000, "150.5"),
                make_posting(undistributed_account(), "JPY", 15050),
                make_posting(payable_account("U-TOKYO"), "JPY", -15050)};
  e.postings.back().institution = "U-TOKYO";
  e.postings.back().share = "1/3";
  auto t = hledger_transaction(7, e);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t,
            "\n2026-07-15 (7) payment PAY-1 | USD payment  first\n"
            "    assets:cash:USD  100.00 USD\n"
            "    liabilities:undistributed  -100.00 USD\n"
            "    equity:fx  100.00 USD  ; fx_rate:150.5\n"
            "    equity:fx  -100.00 USD  ; fx_rate:150.5\n"
            "    liabilities:undistributed  15050 JPY\n"
            "    liabilities:payable:U-TOKYO  -15050 JPY  ; institution:U-TOKYO, share:1/3\n");
  auto a = hledger_assertions(d("2026-07-31"), "closing balances 2026-07",
                              {{"liabilities:payable:U-TOKYO", "JPY", -15050}});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "\n2026-07-31 closing balances 2026-07\n    liabilities:payable:U-TOKYO  0 JPY = -15050 JPY\n");
}

}  // namespace
}  // namespace chizai
