// Posting journal entries: the one way money enters the ledger tables.
// REQUIRES: the caller holds a write transaction.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "ledger/journal.h"
#include "store/database.h"

namespace chizai {

// Checks the entry (balanced per currency, its month not closed, every
// institution/agreement/patent it names exists) and writes it with its
// postings. Returns the entry id, or the refusal.
Result<long long> post_journal_entry(Database& db, const JournalEntry& entry);

// The latest closed month ("2026-07"), if any.
std::optional<std::string> last_closed_month(Database& db);

// Ok when `day` is after every closed month; else an error naming the month.
Status check_month_open(Database& db, Date day);

}  // namespace chizai
