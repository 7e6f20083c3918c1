// Owner history (migration 0021): owner_period, owner_period_share and
// owner_period_consent, all append-only; and what the ledger has routed for
// a patent (read from journal_entry and posting). Writes expect the caller
// to hold a write transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "registry/ownership.h"
#include "store/database.h"

namespace chizai {

// A journal entry that routed income for a patent.
struct RoutedEntry {
  Date posted_on;
  std::string kind;       // payment, payment_reversal, …
  std::string reference;  // its business key (the payment's bank reference)
};

class OwnershipStore {
 public:
  explicit OwnershipStore(Database& db) : db_(db) {}

  // Call first in a transfer's transaction: on PostgreSQL takes closed_month
  // in EXCLUSIVE mode until commit, as a month close does, so no posting
  // transaction (journal_store.h, hold_off_month_close) runs meanwhile: a
  // payment routed before the transfer is seen by its check, and one routed
  // after it reads the new owners. SQLite: nothing to do (one writer).
  void hold_off_postings();
  // The recorded periods of patent `patent_id` by valid_from, each with its
  // owners (in position order) and consents (by code); empty when the
  // patent was never transferred.
  std::vector<OwnerPeriod> periods(long long patent_id);
  // Whether the patent numbered `application_number` has recorded periods
  // (was ever transferred): one statement prepared once per connection, for
  // GET /patents/{number}, which reads the periods only when there are any.
  bool ever_transferred(const std::string& application_number);
  // Appends a period. REQUIRES: every code in it is registered.
  void insert_period(long long patent_id, const OwnerPeriod& period);
  // The first journal entry dated on or after `from` with a posting that
  // names patent `patent_id` (income routed to its owners), by date then id.
  std::optional<RoutedEntry> routed_on_or_after(long long patent_id, Date from);

 private:
  Database& db_;
};

}  // namespace chizai
