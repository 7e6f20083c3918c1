// renderings of month closes and royalty statements, shared by the CLI and the API.
#include "render/statement.h"

#include <cstdint>

#include "ledger/statement.h"
#include "render/statement_print.h"

namespace chizai {

std::string render_statement(const StatementView& view, StatementFormat format) {
  switch (format) {
    case StatementFormat::kCsv: return statement_csv(view.statement, view.sha256);
    case StatementFormat::kHtml: return statement_html(view.statement, view.sha256);
    case StatementFormat::kJson: break;
  }
  return statement_json(view.canonical, view.sha256);
}

std::string statement_render_command(const std::string& institution, const std::string& month) {
  return "chizai statement --institution " + institution + " --month " + month + " --format html";
}

void write_close_json(JsonWriter& w, const CloseOutcome& outcome) {
  w.begin_object()
      .field("month", outcome.month)
      .field("already_closed", outcome.already_closed)
      .field("dry_run", outcome.dry_run)
      .text_or_null("closed_at", outcome.closed_at)
      .key("statements")
      .begin_array();
  for (const auto& s : outcome.statements) {
    w.begin_object()
        .field("institution", s.institution)
        .field("currency", "JPY")
        .field("closing_balance_minor", s.closing_balance)
        .field("sha256", s.sha256)
        .field("render", statement_render_command(s.institution, outcome.month))
        .end_object();
  }
  w.end_array().end_object();
}

void write_closed_month(JsonWriter& w, const ClosedMonthRow& row) {
  w.begin_object()
      .field("month", row.month)
      .field("closed_at", row.closed_at)
      .text_or_null("closed_by", row.closed_by)
      .field("statements", static_cast<std::int64_t>(row.statements))
      .end_object();
}

void write_statement_list_json(JsonWriter& w, const std::vector<StatementView>& views) {
  w.begin_array();
  for (const auto& v : views) {
    const Statement& s = v.statement;
    w.begin_object()
        .field("month", s.month)
        .field("format", static_cast<std::int64_t>(s.format))
        .field("party", s.party)
        .field("currency", s.currency)
        .field("opening_balance_minor", s.opening_balance)
        .field("income_total_minor", s.income_total)
        .field("payouts_total_minor", s.payouts_total)
        .field("closing_balance_minor", s.closing_balance)
        .field("lines", static_cast<std::int64_t>(s.lines.size()))
        .field("payouts", static_cast<std::int64_t>(s.payouts.size()))
        .field("sha256", v.sha256)
        .end_object();
  }
  w.end_array();
}

}  // namespace chizai
