// Month close and royalty statements over HTTP: the same CloseService and
// renderers as `chizai close` and `chizai statement`.
//
// Scoping: finance and admin see every institution's statements; an
// ip_manager or institution_viewer only its own (404 otherwise).
#include <simdjson.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/body.h"
#include "api/read_cache.h"
#include "api/route.h"
#include "api/router.h"
#include "io/digest.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "ledger/statement.h"
#include "requests/close.h"
#include "services/close_hooks.h"
#include "services/close_service.h"
#include "render/statement.h"

namespace chizai::api {
namespace {

constexpr Roles kStatementReaders =
    roles({Role::kAdmin, Role::kFinance, Role::kIpManager, Role::kInstitutionViewer});

// POST /api/v1/close {"month": "YYYY-MM", "dry_run": false}
Response post_close(Request& request) {
  const requests::CloseRequest r = read_request(request, requests::close_spec(), requests::read_close);
  const std::string& month = r.month;
  CloseService service(*request.db, request.actor(),
                       standard_close_hooks(request.settings->scheme, request.actor(),
                                            request.settings->policy_dir),
                       request.settings->scheme.aggregator_code);
  const CloseOutcome outcome = value_or_refuse(service.close(month, r.dry_run));
  request.audit_entity_type = "month";
  request.audit_entity_id = outcome.month;
  JsonWriter w;
  write_close_json(w, outcome);
  return json(w.take(), outcome.already_closed || outcome.dry_run ? 200 : 201);
}

// The statement representation asked for (?format=, then Accept).
StatementFormat statement_format(const Request& request) {
  switch (negotiate(request, {Format::kJson, Format::kCsv, Format::kHtml})) {
    case Format::kCsv: return StatementFormat::kCsv;
    case Format::kHtml: return StatementFormat::kHtml;
    case Format::kJson: break;
  }
  return StatementFormat::kJson;
}

// An issued statement as served: its rendering in one format and its hash.
struct Rendered {
  std::string body;
  std::string sha256;
};

// The issued statements this process has rendered. An issued statement
// never changes (the statement table is append-only in the database and a
// closed month never reopens), so once served it is answered again from
// here, without a query: the read cache's store (read_cache.h) with one
// epoch that never ends. Open months (provisional statements) are never
// kept. Keyed by database, institution, month and format: one process may
// serve several databases (the in-process tests do). At most 64 MiB; when
// full, further statements are rendered each time.
EpochCache<Rendered>& issued_statements() {
  static EpochCache<Rendered> cache(std::size_t{64} << 20);
  return cache;
}
constexpr std::uint64_t kIssuedForever = 0;

Response statement_response(const Rendered& r, StatementFormat format, bool issued) {
  Response out;
  out.body = r.body;
  switch (format) {
    case StatementFormat::kCsv: out.content_type = "text/csv; charset=utf-8"; break;
    case StatementFormat::kHtml: out.content_type = "text/html; charset=utf-8"; break;
    case StatementFormat::kJson: out.content_type = "application/json"; break;
  }
  out.headers.emplace_back("Vary", "Accept");
  // An issued statement never changes: its hash is its version.
  if (issued) out.headers.emplace_back("ETag", "\"" + r.sha256 + "\"");
  return out;
}

// GET /api/v1/statements/{institution}/{month}
Response get_statement(Request& request) {
  const std::string& institution = request.param("institution");
  const std::string& month = request.param("month");
  require_visible(request, institution, "statement of " + institution + " for " + month);
  const StatementFormat format = statement_format(request);
  const std::string key = request.db->url().connect + '\n' + institution + '\n' + month + '\n' +
                          std::to_string(static_cast<int>(format));
  if (auto cached = issued_statements().find(key, kIssuedForever)) return statement_response(*cached, format, true);
  auto found = CloseService(*request.db, request.actor(), {}, request.settings->scheme.aggregator_code)
                   .statement(institution, month);
  const StatementView view = value_or_refuse(std::move(found));
  auto rendered = std::make_shared<const Rendered>(Rendered{render_statement(view, format), view.sha256});
  if (view.stored) {
    issued_statements().put(key, rendered, rendered->body.size() + rendered->sha256.size(), kIssuedForever);
  }
  return statement_response(*rendered, format, view.stored);
}

// GET /api/v1/statements/{institution}: the statements issued to it.
Response list_statements(Request& request) {
  const std::string& institution = request.param("institution");
  require_visible(request, institution, "institution " + institution);
  const PageRequest p = page(request);
  const auto views = value_or_refuse(CloseService(*request.db, request.actor()).issued_statements(institution, p));
  JsonWriter w;
  w.begin_object().field("institution", institution).key("statements");
  write_statement_list_json(w, views.items);
  write_next_cursor(w, views.next);
  w.end_object();
  return json(w.take());
}

// GET /api/v1/closes: the closed months, when and by whom.
Response list_closes(Request& request) {
  const PageRequest p = page(request);
  return page_response(page_or_refuse(CloseService(*request.db, request.actor()).closed_months_page(p), "a month"),
                       write_closed_month);
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

std::vector<CloseOutcome> example_closes() {
  const IssuedStatement issued{"U-TOKYO", 416667, std::string(64, 'a')};
  return {{"2026-04", false, false, "2026-05-01T09:00:00Z", {issued}},
          {"2026-04", true, false, "2026-05-01T09:00:00Z", {}},
          {"2026-04", false, true, "", {issued}}};
}

// An issued statement with a line and a payout, and a provisional one
// without either (an institution name in Japanese only on the first).
std::vector<StatementView> example_statements() {
  Statement s;
  s.institution = "U-TOKYO";
  s.institution_name_en = "The University of Tokyo";
  s.institution_name_ja = "東京大学";
  s.month = "2026-04";
  s.opening_balance = 100000;
  StatementLine yen_line;
  yen_line.date = Date::parse("2026-04-30").value();
  yen_line.agreement = "LA-2026-001";
  yen_line.licensee = "C-0012";
  yen_line.package = "PKG-002";
  yen_line.patent = "JP2016012440A";
  yen_line.income_type = "running_royalty";
  yen_line.payment_reference = "BANK-20260430-01";
  yen_line.share = "2/3";
  yen_line.amount = 666666;
  // USD 10,000.00 at 151.234567 = 1,512,346 JPY; a third of it.
  StatementLine usd_line = yen_line;
  usd_line.agreement = "LA-2026-007";
  usd_line.licensee = "C-0031";
  usd_line.package.clear();
  usd_line.income_type = "upfront";
  usd_line.payment_reference = "WIRE-20260430-02";
  usd_line.share = "1/3";
  usd_line.amount = 504115;
  usd_line.original_currency = "USD";
  usd_line.original_amount = 1000000;
  usd_line.fx_rate = "151.234567";
  usd_line.note = "";
  // A late agreement's true-up, paid: the line says why it was issued later.
  StatementLine late = yen_line;
  late.income_type = "minimum_true_up";
  late.payment_reference = "BANK-20260430-03";
  late.amount = 444444;
  late.note = "late agreement: LA-2026-009 was entered after 2026-03 was closed; minimum annual royalty true-up "
              "of contract year 2025-04-01..2026-03-31 (ended in a closed month): minimum 1,000,000 - running "
              "royalties 0 (due 2026-03-31, in a closed month: dated 2026-04-01, the first open day)";
  s.lines = {yen_line, usd_line, late};
  s.payouts = {{Date::parse("2026-04-28").value(), "PO-2026-04-001", 100000}};
  (void)finish_statement(s);
  Statement open = s;
  open.month = "2026-05";
  open.provisional = true;
  open.institution_name_ja.clear();
  open.opening_balance = s.closing_balance;
  open.lines.clear();
  open.payouts.clear();
  (void)finish_statement(open);
  // The aggregator's: its share of a payment (no patent), the cost it
  // recovered (no share), and an income posting without dimensions (every
  // text of a line may be null: the canonical JSON writes absent text so).
  Statement agg;
  agg.party = "aggregator";
  agg.institution = "AGG-JST";
  agg.institution_name_en = "Japan Science and Technology Agency";
  agg.institution_name_ja = "科学技術振興機構";
  agg.month = "2026-04";
  StatementLine share = yen_line;
  share.patent.clear();
  share.share = "1/3";
  share.amount = 333334;
  StatementLine recovered = yen_line;
  recovered.patent.clear();
  recovered.share.clear();
  recovered.amount = 250000;
  recovered.note = "cost recovery (income:cost-recovery:PKG-002)";
  StatementLine bare;
  bare.date = yen_line.date;
  bare.amount = 1000;
  agg.lines = {share, recovered, bare};
  (void)finish_statement(agg);
  std::vector<StatementView> out;
  for (const Statement& x : {s, open, agg}) {
    const std::string canonical = canonical_json(x);
    out.push_back({x, canonical, x.provisional ? std::string() : sha256_hex(canonical), !x.provisional});
  }
  return out;
}

Route route(const char* method, const char* pattern, Roles who, const char* summary, Handler handler,
            const char* scope) {
  Route r;
  r.method = method;
  r.pattern = pattern;
  r.roles = who;
  r.summary = summary;
  r.handler = std::move(handler);
  r.tag = "ledger";
  r.scope = scope;
  return r;
}

}  // namespace

void add_close_routes(Router& router) {
  router.add(documented(
      route("POST", "/api/v1/close", roles({Role::kAdmin, Role::kFinance}),
            "Close a month: true-ups, ledger check, lock, statements", post_close, ""),
      &requests::close_spec(), {"CloseOutcome", rendered(example_closes(), [](const CloseOutcome& c) {
                                  JsonWriter w;
                                  write_close_json(w, c);
                                  return w.take();
                                })}));
  router.add(documented(
      route("GET", "/api/v1/closes", roles({Role::kAdmin, Role::kFinance}),
            "The closed months by month: when, by whom, how many statements (?limit, ?cursor), as chizai close list",
            list_closes, ""),
      nullptr, {"ClosedMonth", written(std::vector<ClosedMonthRow>{{"2026-04", "2026-05-01T09:00:00Z", "alice", 12},
                                                                   {"2026-03", "2026-04-01T09:00:00Z", "", 11}},
                                       write_closed_month),
                true}));
  router.add(documented(
      route("GET", "/api/v1/statements/{institution}", kStatementReaders,
            "The statements issued to an institution, by month (?limit, ?cursor)", list_statements, "institution"),
      nullptr, {"StatementList", rendered(std::vector<std::string>{"", "2026-04"}, [](const std::string& next) {
                  JsonWriter w;
                  w.begin_object().field("institution", "U-TOKYO").key("statements");
                  std::vector<StatementView> issued = example_statements();
                  issued.resize(1);  // U-TOKYO's issued one
                  write_statement_list_json(w, issued);
                  write_next_cursor(w, next);
                  w.end_object();
                  return w.take();
                })}));
  router.add(documented(
      route("GET", "/api/v1/statements/{institution}/{month}", kStatementReaders,
            "An institution's (or the aggregator's) royalty statement for a month as JSON, CSV or HTML (Accept or "
            "?format=); a closed month's as issued, rendered in the format it was issued in (its stored canonical "
            "document and SHA-256; format 3 from 0026 on; format 2 before; statements issued before 2026-12-07 "
            "are format 1: no \"format\" key, amounts named without _minor); an open month's is provisional, "
            "with \"sha256\": null",
            get_statement, "institution"),
      nullptr, {"Statement", rendered(example_statements(), [](const StatementView& v) {
                  return render_statement(v, StatementFormat::kJson);
                }), false, {"text/csv", "text/html"}}));
}

}  // namespace chizai::api
