// The printable renderings of a statement (views/statement_render.h): the
// thousands separators, CSV quoting and rows, and the escaped A4 HTML page.
#include "render/statement_print.h"

#include <gtest/gtest.h>

#include "io/csv.h"
#include "statement_fixture.h"

namespace chizai {
namespace {

using testing::d;
using testing::july;
using testing::line;

TEST(Statement, ThousandsSeparators) {
  EXPECT_EQ(group_thousands(0, 0), "0");
  EXPECT_EQ(group_thousands(999, 0), "999");
  EXPECT_EQ(group_thousands(1000, 0), "1,000");
  EXPECT_EQ(group_thousands(-1234567, 0), "-1,234,567");
  EXPECT_EQ(group_thousands(123456, 2), "1,234.56");
  EXPECT_EQ(group_thousands(-5, 2), "-0.05");
  EXPECT_EQ(group_thousands(INT64_MIN, 0), "-9,223,372,036,854,775,808");
}

// Format 2 (and 1) statements render exactly as they did when issued.
TEST(Statement, CsvQuotesAndRows) {
  Statement s = july();
  s.format = 2;
  s.payouts[0].reference = "PO-1, \"urgent\"";
  ASSERT_TRUE(finish_statement(s).ok());
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  const std::string csv = statement_csv(s, "abc");
  EXPECT_EQ(csv,
            "institution,month,currency,status,sha256,kind,date,reference,agreement,licensee,package,patent,"
            "income_type,share,amount\n"
            "U-TOKYO,2026-07,JPY,issued,abc,opening_balance,2026-07-01,,,,,,,,100000\n"
            "U-TOKYO,2026-07,JPY,issued,abc,income,2026-07-15,PAY-1,LIC-1,C-0001,PKG-A,JP2020000001A,"
            "running_royalty,1/3,222222\n"
            "U-TOKYO,2026-07,JPY,issued,abc,income,2026-07-20,PAY-2,LIC-1,C-0001,PKG-A,JP2020000002A,"
            "running_royalty,1/6,111111\n"
            "U-TOKYO,2026-07,JPY,issued,abc,payout,2026-07-25,\"PO-1, \"\"urgent\"\"\",,,,,,,150000\n"
            "U-TOKYO,2026-07,JPY,issued,abc,income_total,,,,,,,,,333333\n"
            "U-TOKYO,2026-07,JPY,issued,abc,payouts_total,,,,,,,,,150000\n"
            "U-TOKYO,2026-07,JPY,issued,abc,closing_balance,,,,,,,,,283333\n");
  s.provisional = true;
  EXPECT_NE(statement_csv(s, "abc").find("U-TOKYO,2026-07,JPY,provisional,,opening_balance"), std::string::npos);
}

// Format 3: the party, and the original currency, amount, rate and note of
// each line; payouts as paid (positive) as in every format; provisional
// statements without a SHA-256.
TEST(Statement, FormatThreeCsvHasThePartyAndTheOriginalCurrency) {
  Statement s = july();
  s.lines[0].original_currency = "USD";  // PAY-2's line (sorted second)
  s.lines[0].original_amount = 1000000;
  s.lines[0].fx_rate = "151.234567";
  ASSERT_TRUE(finish_statement(s).ok());
  EXPECT_EQ(statement_csv(s, "abc"),
            "institution,party,month,currency,status,sha256,kind,date,reference,agreement,licensee,package,patent,"
            "income_type,share,amount,original_currency,original_amount,fx_rate,note\n"
            "U-TOKYO,institution,2026-07,JPY,issued,abc,opening_balance,2026-07-01,,,,,,,,100000,,,,\n"
            "U-TOKYO,institution,2026-07,JPY,issued,abc,income,2026-07-15,PAY-1,LIC-1,C-0001,PKG-A,JP2020000001A,"
            "running_royalty,1/3,222222,,,,\n"
            "U-TOKYO,institution,2026-07,JPY,issued,abc,income,2026-07-20,PAY-2,LIC-1,C-0001,PKG-A,JP2020000002A,"
            "running_royalty,1/6,111111,USD,\"10,000.00\",151.234567,\n"
            "U-TOKYO,institution,2026-07,JPY,issued,abc,payout,2026-07-25,PO-1,,,,,,,150000,,,,\n"
            "U-TOKYO,institution,2026-07,JPY,issued,abc,income_total,,,,,,,,,333333,,,,\n"
            "U-TOKYO,institution,2026-07,JPY,issued,abc,payouts_total,,,,,,,,,150000,,,,\n"
            "U-TOKYO,institution,2026-07,JPY,issued,abc,closing_balance,,,,,,,,,283333,,,,\n");
  const std::string html = statement_html(s, "abc");
  for (const char* needle : {"原通貨 / Original currency", ">USD<", ">10,000.00<", ">151.234567<", ">150,000<"}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
  EXPECT_EQ(html.find("-150,000"), std::string::npos);  // the payout as paid
  s.party = "aggregator";
  EXPECT_NE(statement_html(s, "abc").find("集約機関 収入明細書 / Aggregator's statement"), std::string::npos);
  s.provisional = true;
  const std::string csv = statement_csv(s, "");
  EXPECT_NE(csv.find("U-TOKYO,aggregator,2026-07,JPY,provisional,,opening_balance"), std::string::npos);
  const std::string draft = statement_html(s, "");
  EXPECT_NE(draft.find("PROVISIONAL"), std::string::npos);
  EXPECT_EQ(draft.find("SHA-256"), std::string::npos);
}

TEST(Statement, HtmlIsAnEscapedA4PageWithBothLanguages) {
  EXPECT_EQ(html_escape(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  Statement s = july();
  s.institution_name_en = "<script>alert('x')</script> & Co";
  ASSERT_TRUE(finish_statement(s).ok());
  const std::string html = statement_html(s, "deadbeef");
  for (const char* needle :
       {"@page { size: A4;", "実施補償金 明細書 / Royalty statement", "期首残高 / Opening balance",
        "収入 / Income", "支払 / Payouts", "期末残高 / Closing balance", ">100,000<", ">222,222<", ">333,333<",
        ">150,000<", ">283,333<", "ランニングロイヤルティ / running_royalty", "SHA-256: deadbeef",
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co", "<meta charset=\"utf-8\">"}) {
    EXPECT_NE(html.find(needle), std::string::npos) << needle;
  }
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("PROVISIONAL"), std::string::npos);
  s.provisional = true;
  const std::string draft = statement_html(s, "deadbeef");
  EXPECT_NE(draft.find("PROVISIONAL"), std::string::npos);
  EXPECT_EQ(draft.find("deadbeef"), std::string::npos);
  // Rendering is a function of the statement: the same bytes every time.
  EXPECT_EQ(statement_html(s, "x"), statement_html(s, "x"));
}

}  // namespace
}  // namespace chizai
