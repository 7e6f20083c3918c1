// Posting journal entries: the one way money enters the ledger tables.
// REQUIRES: the caller holds a write transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/journal.h"
#include "store/database.h"

namespace chizai {

// Every transaction that posts calls this first, before any other lock it
// takes: on PostgreSQL it holds closed_month in ROW SHARE mode until commit,
// which a month close (EXCLUSIVE) waits for and which waits for a running
// close. So a posting cannot slip into a month while it closes, and a close
// sees no posting transaction in flight (its ledger checkpoint relies on
// that). Taking it first keeps one lock order (closed_month, then agreement,
// payment, payout), as the close does. SQLite: nothing to do (one writer).
void hold_off_month_close(Database& db);

// Checks the entry (balanced per currency, its month not closed, every
// institution/agreement/patent it names exists) and writes it with its
// postings. Returns the entry id, or the refusal.
Result<long long> post_journal_entry(Database& db, const JournalEntry& entry);

// The postings of entry `entry_id` as posted (ids resolved back to codes,
// numbers and references), in posting order.
std::vector<Posting> entry_postings(Database& db, long long entry_id);

// The latest closed month ("2026-07"), if any.
std::optional<std::string> last_closed_month(Database& db);

// Ok when `day` is after every closed month; else an error naming the month.
Status check_month_open(Database& db, Date day);

}  // namespace chizai
