// The docket's requests: a task done, waived or undone, read the same way by
// `chizai docket done|waive|undo` and POST /api/v1/patents/{number}/docket/
// {task}/done|waive|undo (the patent and the task come from the command
// line or the path).
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "io/registry_formats.h"
#include "io/request_spec.h"
#include "services/docket_service.h"

namespace chizai::requests {

// {"date", "fee", "reference", "recoverable"}; the service checks them.
const RequestSpec& docket_done_spec();
DocketDoneRequest read_docket_done(const SpecFields& f);

// One row of a file of tasks already done (`chizai docket import-done`):
// {"number", "task", "date", "fee", "currency", "reference"} — the
// application (any accepted spelling) and the task key as `docket show`
// prints them, the day it was paid, the fee paid (default: the fee in force
// that day), its currency (default: the fee's; else it must be the fee's)
// and a reference.
const RequestSpec& docket_done_row_spec();
DocketDoneImportRow read_docket_done_row(const SpecFields& f);

// Every row of such a file (CSV with a header of docket_done_row_spec()'s
// names, or JSONL of its objects), in file order; a row that cannot be read
// is a problem naming its line and field (requests/spec_file.h).
struct DocketDoneFile {
  std::vector<DocketDoneImportRow> rows;
  std::vector<RowProblem> problems;
  std::int64_t read = 0;
};
DocketDoneFile read_docket_done_file(std::istream& in, FileFormat format);

// {"reason"}: a waive or an undo.
struct DocketReasonRequest {
  std::string reason;
};
const RequestSpec& docket_waive_spec();
const RequestSpec& docket_undo_spec();
DocketReasonRequest read_docket_reason(const SpecFields& f);

// POST /api/v1/calendar-subscriptions: {} (the subscription is the calling
// user's; the body may be empty).
struct CalendarSubscriptionRequest {};
const RequestSpec& calendar_subscription_spec();
CalendarSubscriptionRequest read_calendar_subscription(const SpecFields& f);

}  // namespace chizai::requests
