// The demo's fees already paid (`chizai demo-data --fees-paid-through D`):
// from a database holding the demo portfolio and its computed docket, the
// official fees (annual, maintenance, renewal) a careful office would have
// paid up to a day, as a file for `chizai docket import-done` — so that the
// demo's agenda shows what is due, not years of "missed" fees.
#pragma once

#include <cstdint>
#include <ostream>

#include "core/date.h"
#include "store/database.h"

namespace chizai {

struct DemoFeesPaid {
  std::int64_t rows = 0;      // fees written as paid
  std::int64_t patents = 0;   // applications with at least one
  std::int64_t unpaid = 0;    // applications whose latest fee is deliberately left unpaid
  std::int64_t let_go = 0;    // lapsed applications whose fees stop a year before the lapse
};

// Writes one JSONL row {"number","task","date","fee","currency","reference"} per
// fee task stored open with a due date on or before `through`, in patent
// then due-date order, paid on a plausible day: 7 to 56 days before the due
// date (a hash of number and task: the same database gives the same file),
// not before the payment window opens, not after `through`. Consistent with
// the events: an application that lapsed or was abandoned (its lapse or
// abandonment event) paid nothing due within the 12 months before it ended;
// and about one live application in 25 (by hash) deliberately leaves its
// latest fee due by `through`, and every later one, unpaid — it sits in the
// grace period, or has missed it and lapses. The fee written is the task's
// (the rule book's tables may not reach back to the day paid); a fee task
// the tables give no fee (older than them) is written without one (done,
// no amount). REQUIRES: the docket is computed.
DemoFeesPaid write_demo_fees_paid(Database& db, Date through, std::ostream& out);

}  // namespace chizai
