// The printable renderings of a royalty statement (ledger/statement.h holds
// the model and its canonical JSON, the bytes that are issued and hashed):
// CSV for spreadsheets and an HTML page for people. Presentation only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/statement.h"

namespace chizai {

// RFC 4180 CSV, one row per figure, every row with the same columns:
//   institution,month,currency,status,sha256,kind,date,reference,agreement,
//   licensee,package,patent,income_type,share,amount
// kind: opening_balance, income (one per line; reference = payment
// reference), payout (reference = payout reference), income_total,
// payouts_total, closing_balance. status: issued or provisional.
std::string statement_csv(const Statement& s, std::string_view sha256);

// A printable A4 HTML page with Japanese and English labels; amounts with
// thousands separators; all text escaped.
std::string statement_html(const Statement& s, std::string_view sha256);

// Text helpers the renderers use (exposed for tests).
// 1234567 → "1,234,567"; with 2 decimals 123456 → "1,234.56"; negatives "-…".
std::string group_thousands(std::int64_t minor, int exponent);
std::string html_escape(std::string_view s);

}  // namespace chizai
