// Matching: companies and their profiles, signals (interest, events), the
// ranked matches with their reasons, and the offer assignment:
// /api/v1/companies…, /api/v1/interests, /api/v1/events, /api/v1/matches…,
// /api/v1/assignments. The same MatchingService and renderers (src/render/) as `chizai
// company …`, `chizai interest …`, `chizai event …` and `chizai match …`.
// Only admin and tech_transfer staff may call them (reads included: the
// rankings are internal sales intelligence).
#include <simdjson.h>

#include <set>
#include <sstream>
#include <string>

#include "api/body.h"
#include "api/router.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "services/matching_service.h"
#include "render/matching.h"

namespace chizai::api {
namespace {

constexpr Roles kMatchingPeople = roles({Role::kAdmin, Role::kTechTransfer});

std::string setting(const Request& request, const std::string& key, const std::string& fallback) {
  if (request.settings == nullptr || !request.settings->setting) return fallback;
  return request.settings->setting(key, fallback);
}

MatchingService service(const Request& request) {
  auto weights = weights_from_settings(
      [&request](const std::string& k, const std::string& f) { return setting(request, k, f); });
  if (!weights) throw std::runtime_error("matching weights in the configuration: " + weights.error().message);
  return MatchingService(*request.db, request.actor(), weights.value());
}

std::size_t query_count(const Request& request, const char* name, std::size_t fallback) {
  const auto text = request.query_value(name);
  if (!text || text->empty()) return fallback;
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text->size() || n < 1 || n > 100000) {
    bad_request("'" + std::string(name) + "' must be a whole number from 1 to 100000, not '" + *text + "'", name);
  }
  return static_cast<std::size_t>(n);
}

std::size_t default_k(const Request& request) {
  return value_or_refuse(top_k_from_settings(
      [&request](const std::string& k, const std::string& f) { return setting(request, k, f); }));
}

void audit(Request& request, const char* type, const std::string& id) {
  request.audit_entity_type = type;
  request.audit_entity_id = id;
}

// ---- companies ---------------------------------------------------------------------

// A list body {"<key>": [...], "next_cursor": …}: the shape these lists
// had before they were paged, with the cursor added.
template <class T, class Write>
Response list_body(const char* key, const Page<T>& page, Write write) {
  JsonWriter w;
  w.begin_object().key(key).begin_array();
  for (const T& item : page.items) write(w, item);
  w.end_array();
  write_next_cursor(w, page.next);
  w.end_object();
  return json(w.take());
}

Response list_companies(Request& request) {
  const PageRequest p = page(request);
  const std::string region = request.query_value("region").value_or("");
  return list_body("companies", service(request).list_companies(region, p), write_company_json);
}

Response show_company(Request& request) {
  const std::string& code = request.param("code");
  auto c = service(request).find_company(code);
  if (!c) not_found("company " + code);
  JsonWriter w;
  write_company_json(w, *c);
  return json(w.take());
}

// One company profile: the keys of a companies.jsonl line.
Response put_company(Request& request) {
  const JsonBody body(request);
  std::istringstream in(body.minified() + "\n");
  std::optional<CompanyProfile> profile;
  std::vector<FieldError> errors;
  read_companies(in, FileFormat::kJsonl, [&](ParsedRecord<CompanyProfile>&& r) {
    profile = std::move(r.record);
    errors = std::move(r.errors);
  });
  if (!profile) {
    const FieldError e = errors.empty() ? FieldError{"", "not a company profile"} : errors.front();
    bad_request((e.field.empty() ? "" : "'" + e.field + "': ") + e.reason, e.field);
  }
  const std::string outcome = value_or_refuse(service(request).put_company(*profile));
  audit(request, "company", profile->code);
  JsonWriter w;
  w.begin_object().field("outcome", outcome).key("company");
  write_company_json(w, *profile);
  w.end_object();
  return json(w.take(), outcome == "inserted" ? 201 : 200);
}

// A companies file as the body: text/csv, or JSON Lines (application/x-ndjson,
// application/jsonl, or ?format=jsonl). All or nothing.
Response import_companies(Request& request) {
  const std::string fmt = request.query_value("format").value_or("");
  FileFormat format = FileFormat::kCsv;
  if (fmt == "jsonl" || request.content_type == "application/x-ndjson" ||
      request.content_type == "application/jsonl") {
    format = FileFormat::kJsonl;
  } else if (!(fmt.empty() || fmt == "csv")) {
    bad_request("'format' must be csv or jsonl, not '" + fmt + "'", "format");
  }
  if (request.body.empty()) bad_request("the body must hold the companies file");
  std::istringstream in(request.body);
  const ImportReport r = service(request).import_companies(in, format, {});
  if (!r.written) {
    refuse(make_error(ErrorKind::kInvalid, "invalid_companies", std::to_string(r.rejected) + " invalid record(s); nothing was written: " +
                                               describe_problems(r.problems),
                      r.problems.empty() ? "" : r.problems.front().field));
  }
  audit(request, "company", "import");
  JsonWriter w;
  w.begin_object().field("read", r.read).field("inserted", r.inserted).field("updated", r.updated);
  w.field("unchanged", r.unchanged).field("rejected", r.rejected).end_object();
  return json(w.take(), r.inserted > 0 ? 201 : 200);
}

// ---- signals ------------------------------------------------------------------------

Response add_interest(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"company", "package", "date", "note"});
  const std::string company = f.text("company"), package = f.text("package");
  const Date day = f.optional_date("date").value_or(today_local());
  const InterestRecord r = value_or_refuse(service(request).add_interest(company, package, day, f.text_or("note", "")));
  audit(request, "company", company);
  JsonWriter w;
  write_interest_json(w, r);
  return json(w.take(), 201);
}

Response list_interests(Request& request) {
  const PageRequest p = page(request);
  return list_body("interests",
                   value_or_refuse(service(request).list_interests(request.query_value("company").value_or(""),
                                                                   request.query_value("package").value_or(""), p)),
                   write_interest_json);
}

Response add_event(Request& request) {
  const MatchingEvent e = value_or_refuse(parse_event_json(request.body));
  ok_or_refuse(service(request).add_event(e));
  audit(request, "event", e.code);
  JsonWriter w;
  write_event_json(w, e);
  return json(w.take(), 201);
}

Response list_events(Request& request) {
  const PageRequest p = page(request);
  return list_body("events", value_or_refuse(service(request).list_events(p)), write_event_json);
}

// ---- matches ------------------------------------------------------------------------

Response match_company(Request& request) {
  const std::string& code = request.param("code");
  const Date day = query_date(request, "date");
  const auto list = value_or_refuse(service(request).match_company(code, query_count(request, "top", 10), day));
  return json(ranking_json("company", code, day.to_string(), list, 0));
}

Response match_package(Request& request) {
  const std::string& code = request.param("code");
  const Date day = query_date(request, "date");
  const auto list = value_or_refuse(service(request).match_package(code, query_count(request, "top", 10), day));
  return json(ranking_json("package", code, day.to_string(), list, 0));
}

Response match_consortium(Request& request) {
  const std::string& code = request.param("package");
  const Date day = query_date(request, "date");
  const auto p = value_or_refuse(service(request).match_consortium(code, query_count(request, "top", 5), day));
  return json(consortium_json(p, day.to_string(), 0));
}

// {"package_cap": P, "company_cap": C, "top": K, "date": D}, all optional
// (caps 1, K from matching.top_k, today).
Response assign(Request& request) {
  std::int64_t package_cap = 1, company_cap = 1;
  std::size_t k = 0;
  Date day = today_local();
  if (!request.body.empty()) {
    const JsonBody body(request);
    const Fields f = body.fields({"package_cap", "company_cap", "top", "date"});
    package_cap = f.optional_integer("package_cap").value_or(1);
    company_cap = f.optional_integer("company_cap").value_or(1);
    if (package_cap < 1) file_error("package_cap", "must be at least 1");
    if (company_cap < 1) file_error("company_cap", "must be at least 1");
    const std::int64_t top = f.optional_integer("top").value_or(0);
    if (top < 0 || top > 100000) file_error("top", "must be from 1 to 100000");
    k = static_cast<std::size_t>(top);
    day = f.optional_date("date").value_or(day);
  }
  if (k == 0) k = default_k(request);
  const auto r = value_or_refuse(service(request).assign(package_cap, company_cap, k, day));
  return json(assignment_json(r, 0));
}

Route route(const char* method, const char* pattern, const char* summary, Handler handler, const char* tag) {
  return Route{.method = method,
               .pattern = pattern,
               .roles = kMatchingPeople,
               .summary = summary,
               .handler = std::move(handler),
               .tag = tag};
}

}  // namespace

void add_matching_routes(Router& router) {
  router.add(route("GET", "/api/v1/companies", "List companies with their matching profiles by code (?region=, ?limit=, ?cursor=)",
                   list_companies, "matching"));
  router.add(route("POST", "/api/v1/companies", "Add or replace one company and its matching profile",
                   put_company, "matching"));
  router.add(route("POST", "/api/v1/companies/import",
                   "Import a companies file (text/csv, or JSON Lines with ?format=jsonl): all or nothing",
                   import_companies, "matching"));
  router.add(route("GET", "/api/v1/companies/{code}", "A company's matching profile", show_company, "matching"));
  router.add(route("POST", "/api/v1/interests", "Record a company's interest in a package", add_interest,
                   "matching"));
  router.add(route("GET", "/api/v1/interests", "Recorded interest, newest first (?company=, ?package=, ?limit=, ?cursor=)",
                   list_interests, "matching"));
  router.add(route("POST", "/api/v1/events", "Record a matching event (fair, briefing)", add_event, "matching"));
  router.add(route("GET", "/api/v1/events", "Matching events by date held, then code (?limit=, ?cursor=)", list_events, "matching"));
  router.add(route("GET", "/api/v1/matches/company/{code}",
                   "The best packages for a company with the score's components (?top=, ?date=)", match_company,
                   "matching"));
  router.add(route("GET", "/api/v1/matches/package/{code}",
                   "The best companies for a package with the score's components (?top=, ?date=)", match_package,
                   "matching"));
  router.add(route("GET", "/api/v1/matches/consortium/{package}",
                   "A candidate consortium: owner universities and the best companies free in the field",
                   match_consortium, "matching"));
  router.add(route("POST", "/api/v1/assignments",
                   "The optimal offer assignment on the candidate edges (caps in the body)", assign, "matching"));
}

}  // namespace chizai::api
