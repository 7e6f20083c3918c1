// An application's dated events (migration 0023, patent_event): append,
// list one patent's (each withdrawn one marked with its withdrawal), find
// one. The table is append-only: a withdrawal is a row of its own (kind
// 'withdrawal', withdrawn_event_id, the reason in value). Writes expect the
// caller to hold a write transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "store/database.h"

namespace chizai {

// The withdrawal of an event.
struct EventWithdrawal {
  long long id = 0;       // the withdrawal's own row
  Date date;              // the day it was recorded (UTC)
  std::string reason;
  std::string recorded_at, actor;
};

// One stored event (never a withdrawal row), as written.
struct StoredEvent {
  long long id = 0;
  long long patent_id = 0;
  std::string kind;  // a docket::EventKind word
  Date date;
  std::string reference, value;
  std::optional<long long> days, months, claims;
  std::string recorded_at, actor;
  std::optional<EventWithdrawal> withdrawn;  // set when a later record withdrew it
};

class EventStore {
 public:
  explicit EventStore(Database& db) : db_(db) {}

  // The id of the patent registered as `application_number` (canonical).
  std::optional<long long> patent_id(const std::string& application_number);
  // Appends an event (its id and withdrawn are ignored); returns its id.
  long long append(const StoredEvent& e);
  // Appends the withdrawal of event `event_id` of patent `patent_id`;
  // returns its id. REQUIRES: the event is the patent's and not withdrawn.
  long long append_withdrawal(long long patent_id, long long event_id, const EventWithdrawal& w);
  // The events of patent `patent_id` by date then id, withdrawn ones
  // included and marked.
  std::vector<StoredEvent> list(long long patent_id);
  // Event `event_id` of patent `patent_id` (not a withdrawal row), or nothing.
  std::optional<StoredEvent> find(long long patent_id, long long event_id);

 private:
  std::vector<StoredEvent> select(long long patent_id, long long event_id);
  Database& db_;
};

}  // namespace chizai
