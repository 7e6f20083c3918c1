// renderings of month closes and royalty statements, the same text for
// `chizai close|statement` and the HTTP API.
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/close_service.h"
#include "store/close_store.h"

namespace chizai {

// The representations of a statement (ledger/statement.h).
enum class StatementFormat { kJson, kCsv, kHtml };

// The statement in `format`: JSON is the canonical text exactly as issued
// with "sha256" appended (no trailing newline); CSV and HTML as
// ledger/statement.h renders them.
std::string render_statement(const StatementView& view, StatementFormat format);

// The command that renders an issued statement as HTML.
std::string statement_render_command(const std::string& institution, const std::string& month);

// A close's outcome:
//   {"month", "already_closed", "closed_at", "statements": [{"institution",
//    "currency", "closing_balance_minor", "sha256", "render"}…]}
void write_close_json(JsonWriter& w, const CloseOutcome& outcome);

// A closed month, as `chizai close list` and GET /api/v1/closes list it:
//   {"month", "closed_at", "closed_by" (null when the history has no
//    record), "statements"}
void write_closed_month(JsonWriter& w, const ClosedMonthRow& row);

// The statements issued to one institution, by month:
//   [{"month", "currency", "opening_balance_minor", "income_total_minor",
//     "payouts_total_minor", "closing_balance_minor", "lines", "payouts",
//     "sha256"}…]
// (amounts in minor units of "currency"). The statement documents
// themselves (render_statement) keep the canonical form they were issued in.
void write_statement_list_json(JsonWriter& w, const std::vector<StatementView>& views);

}  // namespace chizai
