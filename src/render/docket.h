// Renderings of the docket (services/docket_service.h), shared by the CLI
// (`docket … --format json|csv|ics`) and the HTTP API, so both doors say
// the same thing. The calendar is RFC 5545, written with libical.
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/docket_service.h"

namespace chizai::render {

// {"application", "key", "kind", "jurisdiction", "label", "nominal_due",
//  "due", "window_start", "grace_end", "provisional", "status", "fee":
//  {"amount", "late_amount", "currency", "table"} | null, "payers":
//  [{"institution", "pays", "amount"}]} — amounts as decimal text in the
//  fee's currency.
void write_docket_task_json(JsonWriter& w, const DocketTaskView& t);
std::string docket_task_json(const DocketTaskView& t);
// A patent's docket: {"application", "tasks", "decisions", "lapse"}.
std::string patent_docket_json(const PatentDocket& d);
void write_decision_json(JsonWriter& w, const DocketDecisionRow& d);
// A decision recorded: {"task": {…}, "decision": {…}, "warnings": [...]}.
std::string decision_result_json(const DocketDecisionResult& r);
std::string recompute_json(const DocketRecompute& r);
// A subscription without its secret: {"id", "user", "created_at", "revoked_at"}.
void write_subscription_json(JsonWriter& w, const CalendarSubscriptionRow& s);
std::string subscription_json(const CalendarSubscriptionRow& s);
// A new subscription: {"id", "user", "secret", "url"} (`url`: the
// calendar's address with the secret, given the server's base URL).
std::string issued_subscription_json(const IssuedSubscription& s, const std::string& url);

// The CSV/table columns of a task, and its row.
std::vector<std::string> docket_columns();
std::vector<std::string> docket_row(const DocketTaskView& t);

// An RFC 5545 VCALENDAR: one all-day VEVENT per task on its due date, UID
// "<application>.<task key>@<domain>" (stable across exports), SEQUENCE and
// LAST-MODIFIED (and DTSTAMP) from the stored task, so that a calendar
// client re-reading the export updates its events instead of adding copies.
std::string docket_ics(const std::vector<DocketTaskView>& tasks, const std::string& domain = "docket.chizai.invalid");

// A fee amount in minor units as decimal text of `currency` ("1234.50").
std::string fee_text(std::int64_t minor, const std::string& currency);

}  // namespace chizai::render
