// The contract between the HTTP server (server.cpp, router.cpp, auth.h,
// idempotency.h, audit, limits.h) and the route files (routes_*.cpp), one per
// domain. A route handler is a thin door over services/: it reads the path,
// query and body, checks object-level scoping, calls the same service the
// CLI calls, and renders the result with the same renderers (src/render/) the
// CLI uses for --format json. No business rule is written here.
//
// What the server does around every handler, so handlers need not:
//  - authentication (Bearer token → Principal) and the route's role check
//    (401 / 403), before the handler runs;
//  - body size (413), JSON well-formedness and the depth limit (400) for a
//    JSON body, which it parses once for the handler (body.h), before the
//    handler runs;
//  - for a mutation (POST, PUT, PATCH, DELETE): one outer write transaction
//    around the handler, the audit record and the idempotency record, so a
//    refused request (any ApiError or exception) writes nothing;
//  - the error boundary: ApiError → its status and
//    {"error": {"code", "message", "field"}}; chizai::FileError (strict body
//    fields, io/strict_json.h) → 400 naming the field; StoreError and any
//    other exception → 500 with a generic message (no SQL, no stack).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/page.h"
#include "core/result.h"
#include "io/json_writer.h"
#include "io/request_spec.h"
#include "portfolio/settings.h"
#include "store/database.h"

namespace chizai {
struct SessionView;  // services/session_service.h
}

namespace chizai::api {

struct ReadCaches;  // read_cache.h
struct JsonDocument;  // body.h

// ---------------------------------------------------------------------------
// Who is calling.

enum class Role : unsigned {
  kAdmin = 1,              // the aggregator: everything
  kIpManager = 2,          // its institution's patents: register, edit, import; its portfolio
  kTechTransfer = 4,       // companies, packages, matching, deals, consortia; read patents
  kFinance = 8,            // agreements, reports, payments, payouts, close, all statements
  kInstitutionViewer = 16  // its own institution's patents and statements, read only
};
using Roles = unsigned;  // a set of Role bits
inline constexpr Roles kAllRoles = 31;
constexpr Roles roles(std::initializer_list<Role> list) {
  Roles r = 0;
  for (Role x : list) r |= static_cast<Roles>(x);
  return r;
}
std::optional<Role> parse_role(std::string_view text);  // "admin", "ip_manager", …
std::string_view role_name(Role role);

struct Principal {
  std::string user;
  Role role = Role::kInstitutionViewer;
  std::string institution;  // ip_manager and institution_viewer: their institution
  // True when the caller sees only its own institution's objects.
  bool scoped() const {
    return role == Role::kIpManager || role == Role::kInstitutionViewer;
  }
  // True when the caller may see objects of `institution_code`.
  bool may_see(std::string_view institution_code) const {
    return !scoped() || institution == institution_code;
  }
};

// ---------------------------------------------------------------------------
// Errors.

// A refused request: status, stable code, message for people, field at fault.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, std::string field = {})
      : std::runtime_error(message), status_(status), code_(std::move(code)), field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }

 private:
  int status_;
  std::string code_;
  std::string field_;
};

// 404 {"code": "not_found"}: `what` names the thing ("patent JP2020-123456").
// Also what a scoped caller gets for another institution's object.
[[noreturn]] void not_found(const std::string& what);
// 400 {"code": "bad_request"} naming `field`.
[[noreturn]] void bad_request(const std::string& message, const std::string& field = {});
// A service's refusal (chizai::Error) as an HTTP error. The status comes
// from the error's kind (error_kind_info, core/error_kind.cpp), never from
// the spelling of its code; the code, message and field are kept. An
// internal or io error is thrown as an internal error instead: the server
// logs its detail and the client gets a generic 500 body.
[[noreturn]] void refuse(const Error& error);
// The value of a service Result, or refuse(error).
template <class T>
T value_or_refuse(Result<T> r) {
  if (!r) refuse(r.error());
  return std::move(r).value();
}
inline void ok_or_refuse(const Result<void>& r) {
  if (!r) refuse(r.error());
}

// ---------------------------------------------------------------------------
// What a handler sees and returns.

// The web interface's sign-in settings (web.* keys; README "Web interface").
struct WebSettings {
  bool secure_cookies = false;   // web.secure_cookies: the cookie gets "; Secure" (HTTPS behind a proxy)
  int session_idle_minutes = 30; // web.session_idle_minutes
  int session_hours = 12;        // web.session_hours
  bool trust_proxy = false;      // web.trust_proxy: the client address from X-Forwarded-For
  // Seconds since 1970 UTC now (tests set a clock of their own; empty: the system's).
  std::function<long long()> clock;
  long long now() const;
};

// Settings the handlers need, read once when the server starts (from the
// configuration file, overridden by flags).
struct Settings {
  WebSettings web;
  // The server's log (sign-in failures; never a password or a token).
  std::function<void(const std::string& line)> log;
  SchemeSettings scheme;
  std::string policy_dir;           // distribution policies (ledger.policy_dir)
  std::size_t default_page_size = 100;
  std::size_t max_page_size = 1000;
  // Any other configuration value, or `fallback`.
  std::function<std::string(const std::string& key, const std::string& fallback)> setting;
};

class Router;

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // without the query string, percent-decoded
  std::map<std::string, std::string, std::less<>> params;  // {name} parts of the pattern
  std::map<std::string, std::string, std::less<>> query;   // decoded; last one wins
  std::string body;
  bool body_read = false;  // the server read the body off the connection (read_request_body)
  // The body parsed by the server when it is JSON (body.h reads it; valid
  // while the handler runs); null for another body.
  const JsonDocument* json = nullptr;
  std::string content_type;  // without parameters, lower case
  std::string accept;        // the Accept header as sent
  Principal principal;
  // The session the request was authenticated by (null: a bearer token, or
  // a public route).
  std::shared_ptr<const SessionView> session;
  std::string client_address;  // the socket's peer (X-Forwarded-For's last with web.trust_proxy)
  std::string origin;          // the Origin header as sent ("" when absent)
  std::string host;            // the Host header (X-Forwarded-Host's with web.trust_proxy)
  std::string csrf_header;     // the X-CSRF-Token header as sent
  bool secret_body = false;    // Route::secret_body of the route
  Database* db = nullptr;    // this request's pooled connection (never null in a handler)
  const Settings* settings = nullptr;
  const Router* router = nullptr;  // the server's route table (for the OpenAPI document)
  // The read cache, when this request may use it (a read on SQLite whose
  // connection saw no change since its last request; see read_cache.h), and
  // the epoch to find and store values under. Null: read the database.
  ReadCaches* cache = nullptr;
  std::uint64_t cache_epoch = 0;

  // For the audit record of a mutation: the handler names what it changed.
  std::string audit_entity_type;  // "patent", "agreement", "payment", …
  std::string audit_entity_id;

  // A path parameter (REQUIRES: it is in the pattern).
  const std::string& param(std::string_view name) const;
  // A query parameter, if given.
  std::optional<std::string> query_value(std::string_view name) const;
  // The user name for the change history and ledger ("api:alice").
  std::string actor() const { return "api:" + principal.user; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// A JSON response (body already rendered, e.g. with JsonWriter).
Response json(std::string body, int status = 200);

// Object-level scoping: 404 (as if it did not exist) when the caller may not
// see objects of `institution_code`. `what` is used in the message.
void require_visible(const Request& request, std::string_view institution_code,
                     const std::string& what);
// For writes that name an institution in the body: a scoped caller may act
// only for its own institution (404 otherwise, naming nothing foreign).
void require_own(const Request& request, std::string_view institution_code,
                 const std::string& what);

// Representations a route offers; chosen by ?format= first, then Accept.
enum class Format { kJson, kCsv, kHtml };
// 406 {"code": "not_acceptable"} when nothing offered fits.
Format negotiate(const Request& request, std::initializer_list<Format> offered);

// Cursor pagination for every list route, the same everywhere: ?limit=
// (default and maximum from Settings; above the maximum → 400 naming
// "limit") and ?cursor= (opaque: the previous page's "next_cursor"). The
// store reads the page in SQL (core/page.h); the route never loads the
// whole list.
PageRequest page(const Request& request);
// page() for a list keyed by a numeric id: also 400 naming "cursor" when
// the cursor is not a positive decimal id.
PageRequest id_page(const Request& request);
// The cursor to return for the next page ("" when `last_key` is empty).
std::string next_cursor(std::string_view last_key);
// Writes "next_cursor": the cursor of `next`, or null on the last page.
void write_next_cursor(JsonWriter& w, const std::string& next);
// The usual list body, {"items": [...], "next_cursor": "…" | null}, with
// each item written by `write(JsonWriter&, const T&)`.
template <class T, class Write>
Response page_response(const chizai::Page<T>& page, Write write) {
  JsonWriter w;
  w.begin_object().key("items").begin_array();
  for (const T& item : page.items) write(w, item);
  w.end_array();
  write_next_cursor(w, page.next);
  w.end_object();
  return json(w.take());
}

// The page a list service returns. A service refuses a page `after` a key
// that names nothing (field "after"): that is the 400 of a cursor naming
// no `what` of this list; any other refusal as value_or_refuse.
template <class T>
chizai::Page<T> page_or_refuse(Result<chizai::Page<T>> r, const char* what) {
  if (!r && r.error().field == "after") {
    bad_request(std::string("'cursor' does not name ") + what + " of this list", "cursor");
  }
  return value_or_refuse(std::move(r));
}

// ---------------------------------------------------------------------------
// Routes.

using Handler = std::function<Response(Request&)>;

// What a route answers, for the OpenAPI document (openapi.cpp, schema.h):
// the success body's schema is inferred from JSON the route's own renderer
// writes for example values, so it cannot drift from the code.
struct ResponseDoc {
  std::string name;  // the schema's name ("Payment"); routes that share it share the schema
  // The JSON texts the renderer writes for example values; the first is
  // the document's example. Several, when one cannot show every key
  // (a null in one, a value in another).
  std::function<std::vector<std::string>()> examples;
  bool page = false;  // a list page: {"items": [<name>, …], "next_cursor": …}
  // Other representations the route offers (?format=, Accept), as text:
  // "text/csv", "text/html", "text/plain"; the only ones when `name` is
  // empty.
  std::vector<std::string> other_media = {};
  // A document whose keys are not this API's to fix (the OpenAPI document
  // itself): {"type": "object"} with the example.
  bool free_form = false;
};

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // "/api/v1/patents/{number}": literal segments and {name}
  Roles roles = 0;      // who may call it; any other authenticated role → 403
  std::string summary;  // one line, for the OpenAPI document
  Handler handler;
  std::string tag;      // OpenAPI tag: the domain ("patents", "ledger", …)
  bool public_route = false;  // /healthz, /readyz, /api/v1/openapi.json: no token
  // Object-level institution scoping the handler applies for scoped roles
  // (ip_manager, institution_viewer): the path parameter naming the object
  // whose institution is checked ("number", "institution", …), "body" when
  // the institution is named in the body, "list" when a list is filtered to
  // the caller's institution; empty when the route is not scoped. Drives the
  // authorization matrix ("own only" cells) and its table-driven test.
  std::string scope = {};
  // The JSON body's request (src/requests/): its schema and example in the
  // document. Null for a route without a JSON body.
  const RequestSpec* body = nullptr;
  // A body that is not JSON (an import file): the media types it may have;
  // the schema of each is a string.
  std::vector<std::string> body_media = {};
  ResponseDoc response = {};
  // The body holds a password: neither its digest (audit log) nor the
  // Idempotency-Key's request hash covers it.
  bool secret_body = false;
  // A POST that creates nothing (signing in): its success is 200 only, and
  // the OpenAPI document does not offer 201.
  bool answers_200_only = false;
  // Without a token or session, ?key= with a calendar subscription's secret
  // authenticates as the subscription's user (GET /api/v1/docket.ics only:
  // the secret authorises nothing else).
  bool calendar_key = false;
};

// `route` with its JSON request (null for none) and its success response
// documented.
inline Route documented(Route route, const RequestSpec* body, ResponseDoc response) {
  route.body = body;
  route.response = std::move(response);
  return route;
}
// The examples of a ResponseDoc: each of `values` written by `render`
// (a renderer of src/render/ returning JSON text).
template <class T, class Render>
std::function<std::vector<std::string>()> rendered(std::vector<T> values, Render render) {
  return [values = std::move(values), render] {
    std::vector<std::string> out;
    for (const T& v : values) out.push_back(render(v));
    return out;
  };
}

// The examples of a ResponseDoc written by a list-item writer
// `write(JsonWriter&, const T&)` (the same one page_response uses).
template <class T, class Write>
std::function<std::vector<std::string>()> written(std::vector<T> values, Write write) {
  return [values = std::move(values), write] {
    std::vector<std::string> out;
    for (const T& v : values) {
      JsonWriter w;
      write(w, v);
      out.push_back(w.take());
    }
    return out;
  };
}

class Router;

// Each domain's routes, one file each (routes_<domain>.cpp); all_routes()
// in routes.cpp calls every one of them.
void add_registry_routes(Router& router);     // institutions, patents, imports
void add_ownership_routes(Router& router);    // patent transfers, owner history
void add_event_routes(Router& router);        // an application's dated events
void add_event_import_routes(Router& router); // an events file (POST /api/v1/patent-events/import)
void add_family_routes(Router& router);       // families
void add_aggregation_routes(Router& router);  // evaluations, consent, aggregation
void add_package_routes(Router& router);      // packages, consortia
void add_project_routes(Router& router);      // projects, contracts, expenditures, programme report
void add_licensing_routes(Router& router);    // agreements, reports, milestones
void add_payment_routes(Router& router);      // payments, payouts, ledger check/export
void add_receivables_routes(Router& router);  // receivables: aging, overdue, late reports
void add_close_routes(Router& router);        // month close, statements
void add_matching_routes(Router& router);     // companies, signals, matches, assignment
void add_deal_routes(Router& router);         // deals, pipeline report
void add_staff_member_routes(Router& router); // staff members (whom deals name)
void add_institution_alias_routes(Router& router);  // institution aliases (names office data uses)
void add_portfolio_routes(Router& router);    // portfolio summary
void add_fees_routes(Router& router);         // fees forecast, docket review
void add_patent_activity_routes(Router& router);  // a patent's packages, licences and income
void add_docket_routes(Router& router);       // the docket, decisions, calendar subscriptions
void add_admin_routes(Router& router);        // users, tokens, audit log
void add_session_routes(Router& router);      // sign-in, sign-out, language, passwords

}  // namespace chizai::api
