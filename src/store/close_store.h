// Month close: closed_month, the statements issued at a close (statement)
// and the ledger checkpoints a close writes (ledger_checkpoint,
// ledger_checkpoint_sum), plus the payable postings statements are made of.
// Writes expect the caller to hold a write transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "core/result.h"
#include "ledger/statement.h"
#include "store/database.h"
#include "store/journal_store.h"

namespace chizai {

// PostgreSQL: takes closed_month in EXCLUSIVE mode until commit, so one close
// runs at a time and no posting transaction is in flight while it does
// (hold_off_month_close). SQLite: nothing (BEGIN IMMEDIATE already is).
// REQUIRES: a write transaction.
void lock_months_for_close(Database& db);

// When `month` ("YYYY-MM") was closed, if it was.
std::optional<std::string> month_closed_at(Database& db, const std::string& month);
// Every closed month, in no particular order.
std::vector<std::string> closed_months(Database& db);
void insert_closed_month(Database& db, const std::string& month, const std::string& closed_at);

// An institution as a statement names it.
struct StatementInstitution {
  long long id = 0;
  std::string code, name_en, name_ja;
};
// Every institution by code, or only the one with code *only (none: empty).
std::map<std::string, StatementInstitution> statement_institutions(Database& db, const std::string* only);

// A posting to an institution's payable (liabilities:payable:<code>), with
// what a statement line shows of it.
struct PayablePosting {
  std::string account, reference, currency;  // reference: the entry's
  Date day;                                  // the entry's posting date
  long long amount = 0;
  StatementLine line;  // agreement, licensee, package, patent, income_type, share,
                       // payment_reference ("" when none); date and amount unset
};
// Calls `fn` with each posting to a payable (or only to account *only)
// dated in [start, end], by posting id; stops at and returns `fn`'s first
// error. With `aggregator_income`, the postings to the aggregator's income
// accounts (income:aggregator, income:cost-recovery:<package>) too. Each
// line carries the foreign-currency payment behind it (original_currency,
// original_amount, fx_rate; empty for JPY).
Status for_each_payable_posting(Database& db, Date start, Date end, const std::string* only,
                                const std::function<Status(const PayablePosting&)>& fn,
                                bool aggregator_income = false);

struct PayableSum {
  std::string account, currency;
  long long sum = 0;
};
// The sums of the postings to each payable (or only to account *only)
// dated before `start`, per account and currency; with `aggregator_income`
// the aggregator's income accounts' too.
std::vector<PayableSum> payable_sums_before(Database& db, Date start, const std::string* only,
                                            bool aggregator_income = false);

// A statement as issued: its canonical JSON and that text's sha256.
struct StoredStatement {
  std::string institution;  // code
  std::string month, sha256, body;
  long long format_version = 1;  // the format it was issued in (sql/0026): its renderers' version
};
// The statements issued for `month` (or only the one of institution *only),
// by institution code.
std::vector<StoredStatement> stored_statements(Database& db, const std::string& month, const std::string* only);
// A page of the statements issued to `institution` (a code), by month: the
// key is the month ("YYYY-MM"), `page.after` the last month seen (empty:
// from the first), `next` the page's last month. Backed by the primary key
// (institution_id, month).
Page<StoredStatement> statements_of_institution(Database& db, const std::string& institution,
                                                const PageRequest& page);
void insert_statement(Database& db, long long institution_id, const std::string& month, const std::string& sha256,
                      const std::string& body, int format_version);

// A closed month for `chizai close list`: when, by whom (the change
// history's month.close record; empty if none), how many statements.
struct ClosedMonthRow {
  std::string month, closed_at, closed_by;
  long long statements = 0;
};
// A page of closed months by month ("YYYY-MM"; `page.after` the last seen),
// fetch_limit(page) rows: the caller makes the page (page_of_rows).
std::vector<ClosedMonthRow> closed_month_rows(Database& db, const PageRequest& page);

// The latest ledger checkpoint's marks and sums into `m` and `s` (no
// checkpoint yet: both left as they are).
void load_ledger_checkpoint(Database& db, LedgerMarks& m, LedgerSums& s);
// Writes the checkpoint of `month`: the marks and the sums up to them.
// Throws std::overflow_error when a sum does not fit 64 bits.
void insert_ledger_checkpoint(Database& db, const std::string& month, const LedgerMarks& m, const LedgerSums& s);

}  // namespace chizai
