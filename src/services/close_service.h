// Month close, monthly royalty statements, and the hledger export of the
// ledger.
//
// Closing a month (close): in ONE write transaction
//   1. the month must be the next one: after the last closed month, or, when
//      none is closed yet, not later than the month of the earliest posting;
//   2. hooks.issue_true_ups(db, month_end) posts the month's minimum-royalty
//      true-ups; hooks.check_ledger(db, month) verifies the ledger (a
//      failure refuses the close with its message; the standard hook checks
//      what was added since the last close and writes this close's
//      checkpoint, services/ledger_check.h);
//   3. closed_month gets the month (post_journal_entry then refuses anything
//      dated on or before its last day);
//   4. every institution with postings to its payable in the month, or a
//      non-zero payable at the month end, gets its statement stored in
//      `statement` (canonical JSON + its sha256 + the format version it was
//      rendered in; ledger/statement.h), and so does the aggregator (its
//      share of each payment and the cost recovery) when it has income in
//      the month or so far;
//   5. the change history records the close.
// Killed at any point, the database keeps all of it or none of it, and the
// next run does it all. Closing a closed month again writes nothing and
// returns the statements issued then (same hashes).
//
// TEST-ONLY: when the environment variable CHIZAI_TEST_CLOSE_PAUSE_MS holds a
// number of milliseconds, close() prints "close: paused before commit" to
// stderr and sleeps that long just before COMMIT, so that a test can kill
// the process mid-close (tests/services/close_service_test.cpp,
// tests/cli/close_test.sh). Never set it in production.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "core/result.h"
#include "ledger/statement.h"
#include "store/close_store.h"
#include "store/database.h"

namespace chizai {

// What a close needs from the other licensing services, passed in so that
// this service does not depend on them. Both run inside the close's
// transaction (their own transactions become savepoints). Empty: nothing.
struct CloseHooks {
  // Issues the minimum-royalty true-ups of the contract years whose last
  // day falls in the month; called with the month's last day.
  std::function<Status(Database&, Date month_end)> issue_true_ups;
  // Verifies every ledger invariant; an error refuses the close.
  std::function<Status(Database&, const std::string& month)> check_ledger;
};

struct IssuedStatement {
  std::string institution;  // code
  std::int64_t closing_balance = 0;
  std::string sha256;
};

struct CloseOutcome {
  std::string month;
  bool already_closed = false;  // true: nothing was written
  bool dry_run = false;         // true: what the close would issue; nothing was written
  std::string closed_at;        // UTC, when the month was (first) closed; empty for a dry run of an open month
  std::vector<IssuedStatement> statements;  // by institution code
};

// A statement ready to render: the stored one for a closed month (body and
// sha256 exactly as issued), or a provisional one computed for an open month.
struct StatementView {
  Statement statement;
  std::string canonical;  // canonical JSON (ledger/statement.h), without sha256
  std::string sha256;     // of `canonical`
  bool stored = false;
};

class CloseService {
 public:
  // aggregator: the aggregator's institution code (scheme.aggregator). Its
  // statement (party "aggregator") shows its share of each payment
  // (income:aggregator), the Super Highway costs recovered
  // (income:cost-recovery:<package>) and its payable if it has one; its
  // balance is what it has received so far. Empty: no aggregator statement.
  CloseService(Database& db, std::string actor, CloseHooks hooks = {}, std::string aggregator = {});

  // month: "YYYY-MM". Refused (nothing written): a malformed month, a month
  // out of order (the message names the month to close first), a failing
  // hook. dry_run: every step runs (true-ups, ledger check, statements) in
  // the transaction, which is then rolled back: the outcome says what a
  // close would issue, with the same refusals, and nothing is written.
  Result<CloseOutcome> close(const std::string& month, bool dry_run = false);

  // The institution's statement for the month. Refused: an unknown
  // institution; a closed month for which it got no statement (no activity
  // and nothing owed); a month locked before the first close.
  Result<StatementView> statement(const std::string& institution, const std::string& month);

  // A page of the statements issued to the institution, by month (the key
  // is the month, "YYYY-MM": close_store.h's statements_of_institution).
  // Refused: an unknown institution; a stored statement whose sha256 no
  // longer matches its body.
  Result<Page<StatementView>> issued_statements(const std::string& institution, const PageRequest& page);

  // A page of the closed months, by month (the key: "YYYY-MM"), with when
  // and by whom each was closed. Refused: a cursor that is not a month.
  Result<Page<ClosedMonthRow>> closed_months_page(const PageRequest& page);

  // Checks every statement issued, month by month: its stored body against
  // its sha256, and the body re-rendered in the format version it was
  // issued with, byte for byte (as statement() does for one). Returns how
  // many were checked, or the first that fails (statement_corrupt, naming
  // the institution and month). Reads in one snapshot.
  Result<long long> verify_issued_statements();

  // The month the next close must be ("2026-08"), or none when any month may
  // be closed (nothing closed and nothing posted).
  std::optional<std::string> next_month_to_close();

  // Writes the ledger as an hledger journal: commodity and account
  // declarations, every entry up to the end of `through` (a "YYYY-MM";
  // empty: everything), and at each closed month end (up to `through`) an
  // assertion of every institution payable posted to by then, equal to its
  // statement's closing balance (0 without a statement). Runs in one read
  // snapshot.
  Status export_hledger(std::ostream& out, const std::string& through = {});

 private:
  Database& db_;
  // The aggregator's code when it names a registered institution, else
  // empty (no aggregator statement).
  std::string known_aggregator();

  std::string actor_;
  CloseHooks hooks_;
  std::string aggregator_;
};

}  // namespace chizai
