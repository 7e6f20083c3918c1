// The printable renderings of a royalty statement (ledger/statement.h holds
// the model and its canonical JSON, the bytes that are issued and hashed):
// CSV for spreadsheets and an HTML page for people. Presentation only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/statement.h"

namespace chizai {

// Every rendering follows the statement's format (Statement::format), so an
// issued statement renders as it did when it was issued: formats 1 and 2 as
// before migration 0026, format 3 with the changes below.
//
// RFC 4180 CSV, one row per figure, every row with the same columns:
//   institution,month,currency,status,sha256,kind,date,reference,agreement,
//   licensee,package,patent,income_type,share,amount
// (format 3: institution,party,month,…,amount,original_currency,
// original_amount,fx_rate,note; the last four filled on income lines from a
// foreign-currency payment, and the note where a line has one).
// kind: opening_balance, income (one per line; reference = payment
// reference), payout (reference = payout reference), income_total,
// payouts_total, closing_balance. status: issued or provisional (then the
// sha256 column is empty). Signs: as in every format, an income line is
// what was credited (negative: taken back) and a payout what was paid
// (negative: a payout reversal); closing = opening + income − payouts.
std::string statement_csv(const Statement& s, std::string_view sha256);

// A printable A4 HTML page with Japanese and English labels; amounts with
// thousands separators; all text escaped. Format 3: the aggregator's
// statement is titled as such, and income lines have the original
// currency, amount, rate and note columns.
std::string statement_html(const Statement& s, std::string_view sha256);

// Text helpers the renderers use (exposed for tests).
// 1234567 → "1,234,567"; with 2 decimals 123456 → "1,234.56"; negatives "-…".
std::string group_thousands(std::int64_t minor, int exponent);
std::string html_escape(std::string_view s);

}  // namespace chizai
