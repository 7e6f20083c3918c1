// A royalty statement to test the model and its renderings with (no
// database): U-TOKYO in July 2026.
#pragma once

#include <cstdint>

#include "ledger/statement.h"

namespace chizai::testing {

inline Date d(const char* text) { return Date::parse(text).value(); }

inline StatementLine line(const char* date, const char* payment, const char* patent, std::int64_t amount,
                   const char* share = "1/3") {
  StatementLine l;
  l.date = d(date);
  l.agreement = "LIC-1";
  l.licensee = "C-0001";
  l.package = "PKG-A";
  l.patent = patent;
  l.income_type = "running_royalty";
  l.payment_reference = payment;
  l.share = share;
  l.amount = amount;
  return l;
}

// U-TOKYO in July 2026: owed 100,000 at the start; two income lines
// (222,222 + 111,111 = 333,333) and one payout of 150,000:
// closing = 100,000 + 333,333 − 150,000 = 283,333.
inline Statement july() {
  Statement s;
  s.institution = "U-TOKYO";
  s.institution_name_en = "The University of Tokyo";
  s.institution_name_ja = "東京大学";
  s.month = "2026-07";
  s.opening_balance = 100000;
  // Given out of order: finish_statement sorts by date first.
  s.lines = {line("2026-07-20", "PAY-2", "JP2020000002A", 111111, "1/6"),
             line("2026-07-15", "PAY-1", "JP2020000001A", 222222)};
  s.payouts = {{d("2026-07-25"), "PO-1", 150000}};
  return s;
}

}  // namespace chizai::testing
