// Month close and royalty statements over HTTP: the same CloseService and
// renderers as `chizai close` and `chizai statement`.
//
// Scoping: finance and admin see every institution's statements; an
// ip_manager or institution_viewer only its own (404 otherwise).
#include <simdjson.h>

#include <memory>

#include "api/read_cache.h"
#include "api/router.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "services/close_hooks.h"
#include "services/close_service.h"
#include "render/statement.h"

namespace chizai::api {
namespace {

constexpr Roles kStatementReaders =
    roles({Role::kAdmin, Role::kFinance, Role::kIpManager, Role::kInstitutionViewer});

// POST /api/v1/close {"month": "YYYY-MM"}
Response post_close(Request& request) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(request.body).get(root) != simdjson::SUCCESS) bad_request("the body is not valid JSON");
  const Fields body(root, "", {"month"});
  const std::string month = body.text("month");
  CloseService service(*request.db, request.actor(),
                       standard_close_hooks(request.settings->scheme, request.actor(),
                                            request.settings->policy_dir));
  const CloseOutcome outcome = value_or_refuse(service.close(month));
  request.audit_entity_type = "month";
  request.audit_entity_id = outcome.month;
  JsonWriter w;
  write_close_json(w, outcome);
  return json(w.take(), outcome.already_closed ? 200 : 201);
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
  auto found = CloseService(*request.db, request.actor()).statement(institution, month);
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

}  // namespace

void add_close_routes(Router& router) {
  router.add({"POST", "/api/v1/close", roles({Role::kAdmin, Role::kFinance}),
              "Close a month ({\"month\": \"YYYY-MM\"}): true-ups, ledger check, lock, statements", post_close,
              "ledger", false, ""});
  router.add({"GET", "/api/v1/statements/{institution}", kStatementReaders,
              "The statements issued to an institution, by month (?limit, ?cursor)", list_statements, "ledger", false,
              "institution"});
  router.add({"GET", "/api/v1/statements/{institution}/{month}", kStatementReaders,
              "An institution's royalty statement for a month as JSON, CSV or HTML (Accept or ?format=)",
              get_statement, "ledger", false, "institution"});
}

}  // namespace chizai::api
