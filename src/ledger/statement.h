// Monthly royalty statements (実施補償金 明細書) and the ledger's hledger
// journal: the model, its canonical JSON, and the CSV, HTML and hledger
// renderings. Pure: standard library + core only (the service reads the
// postings, hashes and stores; services/close_service.h).
//
// A statement covers one institution's payable (liabilities:payable:<code>,
// the 実施補償金 owed to it) over one month, in JPY minor units (yen):
//   opening_balance  what was owed before the month's first day
//   lines            credits to the payable in the month (income routed to it)
//   payouts          debits to the payable in the month (money paid out)
//   closing_balance  = opening_balance + income_total − payouts_total
//
// Canonical JSON: compact (no white space), keys in the fixed order below,
// strings escaped as RFC 8259 requires (UTF-8 copied as is, control
// characters as \u00xx), absent text as null, amounts as integers in minor
// units. Format 2:
//   {"format":2,"institution","institution_name_en","institution_name_ja",
//    "month","currency","provisional","opening_balance_minor",
//    "income_total_minor","payouts_total_minor","closing_balance_minor",
//    "lines":[{"date","agreement","licensee","package","patent",
//              "income_type","payment_reference","share","currency",
//              "amount_minor"}…],
//    "payouts":[{"date","reference","currency","amount_minor"}…]}
// Format 3 (statements issued from migration 0026 on) adds, after
// "format":3, "party" ("institution", or "aggregator" for the aggregator's
// own statement: its share of each payment and the cost recovery), and to
// each line "original_currency", "original_amount_minor" and "fx_rate" (the
// payment's currency, its amount in that currency's minor units and the
// rate it was converted at: null for JPY income) and "note" (why the line
// is there when the income type does not say it all, e.g. a late
// agreement's true-up; null otherwise).
// Format 2 (statements issued from 2026-12-07 until 0026) and format 1
// (before 2026-12-07: no "format", the amounts named without "_minor", no
// currency in items) are kept, read and rendered as issued.
// A statement's sha256 is the SHA-256 (lower-case hex) of exactly this text,
// WITHOUT a "sha256" key; the JSON shown to people is the same text with
// "sha256" appended as the last key (statement_json).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "ledger/journal.h"

namespace chizai {

// The format new statements are issued in (see Statement::format).
inline constexpr int kStatementFormat = 3;

// One credit to the payable: income routed to the institution.
struct StatementLine {
  Date date;
  std::string agreement;          // agreement reference (may be empty)
  std::string licensee;           // the agreement's licensee code
  std::string package;            // the agreement's package code (empty: a patent list)
  std::string patent;             // canonical application number
  std::string income_type;        // running_royalty, upfront, …
  std::string payment_reference;  // the bank reference of the payment
  std::string share;              // exact fraction of the distributed amount, "1/9"
  std::int64_t amount = 0;        // yen credited (negative: taken back by a payment reversal)
  // Format 3: the payment behind the line when it was not in yen (empty
  // currency for JPY income): its currency, its amount in minor units of
  // it, and the rate (JPY per unit) it was converted at.
  std::string original_currency;
  std::int64_t original_amount = 0;
  std::string fx_rate;
  std::string note;  // format 3: why the line is there, when its income type does not say it
};

// One debit to the payable: money paid out to the institution (or a
// credit undoing such a payout, from a payout reversal).
struct StatementPayout {
  Date date;
  std::string reference;
  std::int64_t amount = 0;  // yen paid (negative: a payout reversal)
};

struct Statement {
  // The canonical JSON's format, which is also the version of the CSV, HTML
  // and table renderings (render/statement_print.h): 3 for statements
  // issued from migration 0026 on (and every provisional one); 2 (amounts
  // named *_minor, each item with its currency, "format":2 first) for
  // those issued from 2026-12-07 until then; 1 (bare amount names, no
  // "format" key) for those issued before; kept and re-read as issued.
  int format = kStatementFormat;
  // Format 3: whose statement this is: "institution" (its payable) or
  // "aggregator" (the aggregator's share of each payment, the cost it
  // recovered, and its payable if it has one).
  std::string party = "institution";
  std::string institution;  // code
  std::string institution_name_en;
  std::string institution_name_ja;
  std::string month;  // "2026-07"
  std::string currency = "JPY";
  bool provisional = false;  // true: an open month, computed, not issued
  std::int64_t opening_balance = 0;
  std::int64_t income_total = 0;
  std::int64_t payouts_total = 0;
  std::int64_t closing_balance = 0;
  std::vector<StatementLine> lines;
  std::vector<StatementPayout> payouts;
};

// Completes a statement whose header, opening balance, lines and payouts are
// set: puts lines and payouts in canonical order (date, then every other
// field), sums the totals and the closing balance. Errors: a month that is
// not "YYYY-MM", a line or payout dated outside the month, overflow.
Status finish_statement(Statement& s);

// Ok when the totals are the sums of the lines and payouts and closing =
// opening + income − payouts; else an error saying which figure is off.
Status check_statement(const Statement& s);

// The canonical JSON (see above), without "sha256".
std::string canonical_json(const Statement& s);
// `canonical` (canonical_json's text, as stored) with "sha256" appended as
// the last key; an empty sha256 is written null (a provisional statement of
// format 3 carries none). REQUIRES: `canonical` is a JSON object.
std::string statement_json(std::string_view canonical, std::string_view sha256);
// Reads canonical JSON back (a "sha256" key, if present, is ignored).
// canonical_json(parse_statement_json(t)) == t for every canonical t.
Result<Statement> parse_statement_json(std::string_view text);

// ---- hledger journal (chizai ledger export --format hledger) ----
// Amounts are written without thousands separators and with the currency's
// decimals ("-15025 JPY", "100.00 USD"); the commodity declarations fix the
// decimal mark to '.' so hledger never reads "1,000" as one-point-zero.

// One balance assertion: the account's balance in `currency` after `day`.
struct HledgerAssertion {
  std::string account;
  std::string currency;
  std::int64_t balance_minor = 0;  // debits positive (a payable owed is negative)
};

// `commodity` declarations for every currency (e.g. "commodity 1,000. JPY",
// "commodity 1,000.00 USD") and `account` declarations for every account,
// each sorted. Errors: an unknown currency; an account hledger would misread
// (empty, two spaces, a tab, a line break, a ';', or a leading '(' or '[').
Result<std::string> hledger_declarations(std::vector<std::string> currencies,
                                         std::vector<std::string> accounts);
// One transaction: "DATE (ID) KIND REFERENCE | DESCRIPTION", then its
// postings, each with its dimensions as hledger tags in a comment.
// Errors: an unknown currency.
Result<std::string> hledger_transaction(long long id, const JournalEntry& e);
// A transaction of zero-amount postings asserting each balance
// ("liabilities:payable:U-TOKYO  0 JPY = -123456 JPY").
Result<std::string> hledger_assertions(Date day, std::string_view title,
                                       const std::vector<HledgerAssertion>& assertions);

}  // namespace chizai
