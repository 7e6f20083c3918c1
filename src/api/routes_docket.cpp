// The docket over HTTP (services/docket_service.h), scoped like patents: an
// ip_manager or institution_viewer sees the tasks of its own institution's
// applications only (as owner or payer), and gets 404 for another's patent.
//   GET  /api/v1/docket                      the agenda, soonest first (filters as `docket list`; ?limit, ?cursor)
//   GET  /api/v1/docket.ics                  the same as an RFC 5545 calendar (text/calendar); with
//                                            ?key=SECRET of a calendar subscription instead of a token
//   GET  /api/v1/patents/{number}/docket     one application's tasks and decisions
//   POST /api/v1/patents/{number}/docket/{task}/done|waive|undo
//   POST|GET /api/v1/calendar-subscriptions, DELETE /api/v1/calendar-subscriptions/{id}
// The rule book and calendars come from docket.rules_dir (default
// config/docketing). `chizai serve` recomputes the stored tasks at start
// when they were computed with other rules or calendars; a read that finds
// them stale meanwhile is refused (503 docket_stale) rather than answered
// with a stale due date.
#include <string>
#include <vector>

#include "api/body.h"
#include "api/router.h"
#include "core/text.h"
#include "render/docket.h"
#include "requests/docket.h"
#include "services/docket_service.h"
#include "services/registry_service.h"

namespace chizai::api {
namespace {

constexpr Roles kDocketReaders =
    roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kInstitutionViewer});
constexpr Roles kDocketWriters = roles({Role::kAdmin, Role::kIpManager});

std::shared_ptr<const DocketRules> rules_of(const Request& request) {
  const std::string dir = docket_rules_dir(request.settings->setting);
  return value_or_refuse(load_docket_rules(dir));
}

DocketService service(const Request& request, bool reading) {
  DocketService s(*request.db, rules_of(request), request.actor(), today_local());
  if (reading && !s.current()) {
    refuse(make_error(ErrorKind::kUnavailable, "docket_stale",
                      "the docket is being recomputed for a new rule book or calendars: try again shortly"));
  }
  return s;
}

std::string only(const Request& request) {
  return request.principal.scoped() ? request.principal.institution : std::string();
}

DocketQuery query_of(Request& request) {
  DocketQueryText t;
  for (auto [name, value] : {std::pair{"from", &t.from}, std::pair{"to", &t.to},
                             std::pair{"institution", &t.institution}, std::pair{"jurisdiction", &t.jurisdiction},
                             std::pair{"kind", &t.kind}, std::pair{"status", &t.status}}) {
    if (auto v = request.query_value(name)) *value = *v;
  }
  if (request.principal.scoped()) {
    if (t.institution.empty()) t.institution = request.principal.institution;
    require_visible(request, t.institution, "institution " + t.institution);
  }
  return value_or_refuse(read_docket_query(t));
}

Response list_docket(Request& request) {
  const PageRequest pg = page(request);
  const DocketQuery q = query_of(request);
  return page_response(page_or_refuse(service(request, true).list(q, pg), "a task"), render::write_docket_task_json);
}

Response docket_ics(Request& request) {
  const DocketQuery q = query_of(request);
  DocketService s = service(request, true);
  const auto tasks = all_pages<DocketTaskView>(
      [&](const PageRequest& p) { return value_or_refuse(s.list(q, p)); }, PageRequest{"", 1000});
  Response r;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = render::docket_ics(tasks);
  r.headers.emplace_back("Content-Disposition", "inline; filename=\"docket.ics\"");
  return r;
}

[[noreturn]] void refuse_patent(const Error& e, const std::string& number) {
  if (e.code == "unknown_patent") not_found("patent " + number);
  refuse(e);
}

// 404 (as if it did not exist) for a patent the caller may not see, before
// anything else is read or checked; the lookup's other errors as refusals.
void require_visible_patent(const Request& request) {
  const std::string& number = request.param("number");
  auto found = RegistryService(*request.db).lookup_patent(number, "number", only(request));
  if (!found) refuse_patent(found.error(), number);
}

Response patent_docket(Request& request) {
  const std::string& number = request.param("number");
  require_visible_patent(request);
  auto d = service(request, true).show(number, only(request));
  if (!d) refuse_patent(d.error(), number);
  return json(render::patent_docket_json(d.value()));
}

Response decided(Request& request, Result<DocketDecisionResult> r) {
  const std::string& number = request.param("number");
  if (!r) refuse_patent(r.error(), number);
  request.audit_entity_type = "patent";
  request.audit_entity_id = r->task.number;
  return json(render::decision_result_json(r.value()), 201);
}

Response docket_done(Request& request) {
  require_visible_patent(request);
  DocketDoneRequest r = read_request(request, requests::docket_done_spec(), requests::read_docket_done);
  r.number = request.param("number");
  r.task = request.param("task");
  return decided(request, service(request, false).done(r, only(request)));
}

Response docket_waive(Request& request) {
  require_visible_patent(request);
  const auto r = read_request(request, requests::docket_waive_spec(), requests::read_docket_reason);
  return decided(request, service(request, false).waive(request.param("number"), request.param("task"), r.reason,
                                                        only(request)));
}

Response docket_undo(Request& request) {
  require_visible_patent(request);
  const auto r = read_request(request, requests::docket_undo_spec(), requests::read_docket_reason);
  return decided(request, service(request, false).undo(request.param("number"), request.param("task"), r.reason,
                                                       only(request)));
}

// ---- calendar subscriptions -------------------------------------------------------------

DocketService subscriptions(const Request& request) {
  return DocketService(*request.db, nullptr, request.actor(), today_local());
}

// The calendar's address with the secret: docket.calendar_base_url, else
// this request's host.
std::string calendar_url(const Request& request, const std::string& secret) {
  std::string base =
      request.settings->setting ? request.settings->setting("docket.calendar_base_url", "") : std::string();
  if (base.empty()) base = "http://" + (request.host.empty() ? std::string("localhost") : request.host);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/api/v1/docket.ics?key=" + secret;
}

Response create_subscription(Request& request) {
  if (!request.body.empty()) {
    read_request(request, requests::calendar_subscription_spec(), requests::read_calendar_subscription);
  }
  const IssuedSubscription s = value_or_refuse(subscriptions(request).create_subscription(request.principal.user));
  request.audit_entity_type = "calendar_subscription";
  request.audit_entity_id = std::to_string(s.id);
  Response r = json(render::issued_subscription_json(s, calendar_url(request, s.secret)), 201);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The caller's own subscriptions; an admin's request sees everyone's.
Response list_subscriptions(Request& request) {
  const std::string user = request.principal.role == Role::kAdmin ? std::string() : request.principal.user;
  const auto rows = value_or_refuse(subscriptions(request).list_subscriptions(user));
  JsonWriter w;
  w.begin_object().key("items").begin_array();
  for (const auto& s : rows) render::write_subscription_json(w, s);
  w.end_array();
  write_next_cursor(w, "");
  w.end_object();
  return json(w.take());
}

Response revoke_subscription(Request& request) {
  const std::string& id = request.param("id");
  auto n = parse_int64(id);
  if (!n || *n < 1) bad_request("subscription id must be a positive whole number, not '" + id + "'", "id");
  const std::string user = request.principal.role == Role::kAdmin ? std::string() : request.principal.user;
  auto s = subscriptions(request).revoke_subscription(*n, user);
  if (!s && s.error().code == "unknown_subscription") not_found("calendar subscription " + id);
  request.audit_entity_type = "calendar_subscription";
  request.audit_entity_id = std::to_string(*n);
  return json(render::subscription_json(value_or_refuse(std::move(s))));
}

// ---- examples ------------------------------------------------------------------------------

DocketTaskView example_task() {
  DocketTaskView v;
  v.number = "JP2026012345A";
  v.task.key = "paris.priority";
  v.task.kind = "paris_priority";
  v.task.jurisdiction = "JP";
  v.task.label = "Paris priority: last day to file abroad";
  v.task.nominal_due = *Date::parse("2027-03-06");
  v.task.due = *Date::parse("2027-03-08");
  v.status = docket::TaskStatus::kOpen;
  v.shares = {DocketShareRow{"U-TOKYO", true, std::nullopt}};
  v.sequence = 0;
  v.modified_at = "2026-12-07T09:00:00Z";
  return v;
}

DocketTaskView example_fee_task() {
  DocketTaskView v;
  v.number = "JP2016012440A";
  v.task.key = "jp.annual.4";
  v.task.kind = "annual_fee";
  v.task.jurisdiction = "JP";
  v.task.label = "JP annual fee, year 4";
  v.task.nominal_due = *Date::parse("2027-05-20");
  v.task.due = *Date::parse("2027-05-20");
  v.task.window_start = *Date::parse("2026-05-20");
  v.task.grace_end = *Date::parse("2027-11-22");
  v.task.provisional = true;
  docket::Fee fee;
  fee.amount = 21000;
  fee.late_amount = 42000;
  fee.currency = "JPY";
  fee.table = "JP/annual@2022-04-01";
  v.task.fee = fee;
  v.status = docket::TaskStatus::kMissed;
  v.shares = {DocketShareRow{"AGG-JST", true, 21000}, DocketShareRow{"U-TOKYO", false, std::nullopt}};
  v.sequence = 2;
  v.modified_at = "2026-12-07T09:00:00Z";
  return v;
}

// The end of the term: a row for information, whose status says so.
DocketTaskView example_expiry_task() {
  DocketTaskView v;
  v.number = "JP2016012440A";
  v.task.key = "expiry";
  v.task.kind = "expiry";
  v.task.jurisdiction = "JP";
  v.task.label = "End of the patent term";
  v.task.nominal_due = *Date::parse("2036-05-20");
  v.task.due = *Date::parse("2036-05-20");
  v.status = docket::TaskStatus::kExpires;
  v.shares = {DocketShareRow{"U-TOKYO", true, std::nullopt}};
  v.modified_at = "2026-12-07T09:00:00Z";
  return v;
}

DocketDecisionRow example_decision() {
  DocketDecisionRow d;
  d.id = 7;
  d.task_key = "jp.annual.4";
  d.action = "done";
  d.decided_on = *Date::parse("2027-05-10");
  d.fee_paid = 21000;
  d.fee_expected = 21000;
  d.fee_currency = "JPY";
  d.fee_table = "JP/annual@2022-04-01";
  d.reference = "RCPT-0042";
  d.recoverable = true;
  d.actor = "api:sato";
  d.recorded_at = "2027-05-10T02:00:00Z";
  return d;
}

DocketDecisionRow example_undo() {
  DocketDecisionRow d;
  d.id = 8;
  d.task_key = "jp.annual.4";
  d.action = "undo";
  d.decided_on = *Date::parse("2027-05-11");
  d.reason = "recorded on the wrong patent";
  d.undoes_id = 7;
  d.actor = "api:sato";
  d.recorded_at = "2027-05-11T02:00:00Z";
  return d;
}

std::vector<PatentDocket> example_dockets() {
  PatentDocket a;
  a.number = "JP2016012440A";
  a.tasks = {example_fee_task()};
  a.decisions = {example_decision(), example_undo()};
  a.lapse = DocketLapse{"jp.annual.4", *Date::parse("2027-11-22"), false};
  PatentDocket b;
  b.number = "JP2026012345A";
  b.tasks = {example_task()};
  return {a, b};
}

std::vector<DocketDecisionResult> example_results() {
  DocketDecisionResult done;
  done.task = example_fee_task();
  done.task.status = docket::TaskStatus::kDone;
  done.decision = example_decision();
  done.warnings = {"fee paid 20000 JPY differs from the expected 21000 JPY (JP/annual@2022-04-01)"};
  DocketDecisionResult undo;  // a task without a fee, window or grace period
  undo.task = example_task();
  undo.decision = example_undo();
  undo.decision.task_key = undo.task.task.key;
  return {done, undo};
}

std::vector<CalendarSubscriptionRow> example_subscriptions() {
  return {CalendarSubscriptionRow{3, "sato", "2026-12-07T09:00:00Z", std::nullopt},
          CalendarSubscriptionRow{4, "sato", "2026-12-07T09:05:00Z", std::string("2026-12-08T10:00:00Z")}};
}

Route route(const char* method, const char* pattern, Roles who, const char* summary, Handler handler,
            const char* scope = "", const char* tag = "docket") {
  return Route{method, pattern, who, summary, std::move(handler), tag, false, scope};
}

}  // namespace

void add_docket_routes(Router& router) {
  const ResponseDoc task_page{"DocketTask", written(std::vector<DocketTaskView>{example_fee_task(), example_task(), example_expiry_task()},
                                                    render::write_docket_task_json),
                              true};
  const ResponseDoc patent_doc{"PatentDocket", rendered(example_dockets(), render::patent_docket_json)};
  const ResponseDoc decision_doc{"DocketDecision", rendered(example_results(), render::decision_result_json)};
  ResponseDoc ics;
  ics.other_media = {"text/calendar"};
  const ResponseDoc issued{"CalendarSubscriptionIssued", [] {
                             return std::vector<std::string>{render::issued_subscription_json(
                                 IssuedSubscription{3, "sato", "cal_3f9a…"},
                                 "https://chizai.example.org/api/v1/docket.ics?key=cal_3f9a…")};
                           }};
  const ResponseDoc subscription_page{
      "CalendarSubscription", written(example_subscriptions(), render::write_subscription_json), true};
  const ResponseDoc subscription{"CalendarSubscriptionRevoked",
                                 rendered(std::vector<CalendarSubscriptionRow>{example_subscriptions()[1]},
                                          render::subscription_json)};

  router.add(documented(route("GET", "/api/v1/docket", kDocketReaders,
                              "The agenda: every application's tasks soonest first (?from, ?to, ?institution, "
                              "?jurisdiction, ?kind, ?status=open|missed|done|waived|expires|expired; ?limit, ?cursor)",
                              list_docket, "list"),
                        nullptr, task_page));
  Route calendar = route("GET", "/api/v1/docket.ics", kDocketReaders,
                         "The agenda as an RFC 5545 calendar (text/calendar; filters as GET /api/v1/docket). A "
                         "calendar client without a token may pass ?key= with a calendar subscription's secret",
                         docket_ics, "list");
  calendar.calendar_key = true;
  router.add(documented(calendar, nullptr, ics));
  router.add(documented(route("GET", "/api/v1/patents/{number}/docket", kDocketReaders,
                              "One application's tasks (status, fee, payers), its decisions and its lapse after a "
                              "waive",
                              patent_docket, "number"),
                        nullptr, patent_doc));
  router.add(documented(route("POST", "/api/v1/patents/{number}/docket/{task}/done", kDocketWriters,
                              "Record that a task was done on a date, with the fee paid (default: the fee in force "
                              "that day); optionally as a recoverable cost of the patent's packages",
                              docket_done, "number"),
                        &requests::docket_done_spec(), decision_doc));
  router.add(documented(route("POST", "/api/v1/patents/{number}/docket/{task}/waive", kDocketWriters,
                              "Decide to let a task lapse: later tasks end; the application lapses after its grace "
                              "period",
                              docket_waive, "number"),
                        &requests::docket_waive_spec(), decision_doc));
  router.add(documented(route("POST", "/api/v1/patents/{number}/docket/{task}/undo", kDocketWriters,
                              "Reverse a task's last decision (a new record; the task is open again)", docket_undo,
                              "number"),
                        &requests::docket_undo_spec(), decision_doc));
  router.add(documented(route("POST", "/api/v1/calendar-subscriptions", kDocketReaders,
                              "Create a calendar subscription for the calling user: the URL of GET "
                              "/api/v1/docket.ics with its secret, shown once (read-only, calendar only)",
                              create_subscription),
                        &requests::calendar_subscription_spec(), issued));
  router.add(documented(route("GET", "/api/v1/calendar-subscriptions", kDocketReaders,
                              "The calling user's calendar subscriptions (an admin: everyone's), without secrets",
                              list_subscriptions),
                        nullptr, subscription_page));
  router.add(documented(route("DELETE", "/api/v1/calendar-subscriptions/{id}", kDocketReaders,
                              "Revoke one of the calling user's calendar subscriptions (an admin: anyone's)",
                              revoke_subscription),
                        nullptr, subscription));
}

}  // namespace chizai::api
