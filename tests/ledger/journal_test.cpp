#include "ledger/journal.h"

#include <gtest/gtest.h>

#include <limits>

namespace chizai {
namespace {

JournalEntry entry(std::vector<Posting> postings) {
  return JournalEntry{Date::parse("2026-07-15").value(), "payment", "REF-1", "test", std::move(postings)};
}

TEST(Journal, BalancedPerCurrency) {
  // A USD payment converted to JPY through the FX account: each currency
  // balances on its own.
  EXPECT_TRUE(check_balanced(entry({make_posting(cash_account("USD"), "USD", 1000000),
                                    make_posting(fx_account(), "USD", -1000000, "151.234567"),
                                    make_posting(fx_account(), "JPY", 1512346, "151.234567"),
                                    make_posting(payable_account("U-TOKYO"), "JPY", -1512346)}))
                  .ok());
}

TEST(Journal, UnbalancedNamesTheCurrency) {
  auto s = check_balanced(entry({make_posting(cash_account("JPY"), "JPY", 100), make_posting(payable_account("U-X"), "JPY", -99)}));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("does not balance in JPY: off by 1"), std::string::npos);
  // Balanced in total but not per currency.
  EXPECT_FALSE(check_balanced(entry({make_posting(cash_account("USD"), "USD", 100), make_posting(payable_account("U-X"), "JPY", -100)})).ok());
}

TEST(Journal, RefusesDegenerateEntries) {
  EXPECT_FALSE(check_balanced(entry({})).ok());
  EXPECT_FALSE(check_balanced(entry({make_posting(cash_account("JPY"), "JPY", 0), make_posting(payable_account("U"), "JPY", 0)})).ok());
  EXPECT_FALSE(check_balanced(entry({make_posting("", "JPY", 5), make_posting(payable_account("U"), "JPY", -5)})).ok());
  // int64 extremes do not overflow the check.
  const auto big = std::numeric_limits<std::int64_t>::max();
  EXPECT_TRUE(check_balanced(entry({make_posting(cash_account("JPY"), "JPY", big),
                                    make_posting(cash_account("JPY"), "JPY", big),
                                    make_posting(payable_account("U"), "JPY", -big),
                                    make_posting(payable_account("U"), "JPY", -big)}))
                  .ok());
}

TEST(Journal, MonthAndAccounts) {
  EXPECT_EQ(month_of(Date::parse("2026-07-31").value()), "2026-07");
  EXPECT_EQ(receivable_account("C-0001"), "assets:receivable:C-0001");
  EXPECT_EQ(payable_account("U-TOKYO"), "liabilities:payable:U-TOKYO");
}

}  // namespace
}  // namespace chizai
