// An application's events: one spec read by `chizai patent event add`'s
// flags, the body of POST /api/v1/patents/{number}/events, and each row of
// `chizai patent event import` (CSV columns and JSONL keys, with "number").
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "io/registry_formats.h"
#include "io/request_spec.h"
#include "services/event_service.h"

namespace chizai::requests {

// {"kind", "date", "reference", "value", "days", "months", "claims"}; the
// patent is named apart (the path, NUMBER).
const RequestSpec& patent_event_spec();
EventRequest read_patent_event(const SpecFields& f);

// An import row: patent_event_spec()'s fields and "number" (the application).
const RequestSpec& patent_event_row_spec();
EventImportRow read_patent_event_row(const SpecFields& f);

// POST /api/v1/patents/{number}/events/{id}/withdraw and `chizai patent
// event withdraw NUMBER EVENT_ID --reason T`: {"reason"}.
struct PatentEventWithdrawRequest {
  std::string reason;
};
const RequestSpec& patent_event_withdraw_spec();
PatentEventWithdrawRequest read_patent_event_withdraw(const SpecFields& f);

// Every row of an events file (CSV with a header of patent_event_row_spec()'s
// column names, or JSONL of its objects), in file order; a row that cannot
// be read is a problem naming its line and field (an unknown CSV column is a
// problem on line 1 and ends the read). `read` counts the rows seen.
struct PatentEventFile {
  std::vector<EventImportRow> rows;
  std::vector<RowProblem> problems;
  std::int64_t read = 0;
};
PatentEventFile read_patent_event_file(std::istream& in, FileFormat format);

// A patent JSONL file whose records may carry an "events" array of
// patent_event_spec()'s objects (office data and demo data bringing the events
// with the patent): the file with those keys taken out (line for line, so
// the patent import names the same lines), and the events as import rows
// of the record's application number, on the record's line. A line that is
// not a JSON object is left as it is (the patent import reports it).
struct PatentEventsSplit {
  std::string patents;
  PatentEventFile events;
  bool any = false;  // some record had "events"
};
PatentEventsSplit split_patent_events(std::istream& in);

}  // namespace chizai::requests
