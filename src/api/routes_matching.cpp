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
#include "requests/matching.h"
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
  const auto read = [&request](const std::string& k, const std::string& f) { return setting(request, k, f); };
  auto weights = weights_from_settings(read);
  if (!weights) throw std::runtime_error("matching weights in the configuration: " + weights.error().message);
  auto declined_days = declined_days_from_settings(read);
  if (!declined_days) throw std::runtime_error("matching in the configuration: " + declined_days.error().message);
  return MatchingService(*request.db, request.actor(), weights.value(), declined_days.value());
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

// One company profile: the keys of a companies.jsonl line, read by the
// same reader (requests::company_spec()).
Response put_company(Request& request) {
  ParsedRecord<CompanyProfile> r = read_company_json(request.body);
  if (!r.record) {
    const FieldError e = r.errors.empty() ? FieldError{"", "not a company profile"} : r.errors.front();
    bad_request((e.field.empty() ? "" : "'" + e.field + "': ") + e.reason, e.field);
  }
  const CompanyProfile& profile = *r.record;
  const std::string outcome = value_or_refuse(service(request).put_company(profile));
  audit(request, "company", profile.code);
  return json(company_outcome_json(outcome, profile, 0), outcome == "inserted" ? 201 : 200);
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
  return json(import_report_json(r, 0), r.inserted > 0 ? 201 : 200);
}

// ---- signals ------------------------------------------------------------------------

Response add_interest(Request& request) {
  const auto in = read_request(request, requests::interest_spec(), requests::read_interest);
  const InterestRecord r = value_or_refuse(service(request).add_interest(in.company, in.package, in.noted_on, in.note));
  audit(request, "company", in.company);
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
  const MatchingEvent e = read_request(request, requests::event_spec(), requests::read_event);
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
  const auto ranking = value_or_refuse(service(request).match_company(code, query_count(request, "top", 10), day));
  return json(ranking_json("company", code, day.to_string(), ranking, 0));
}

Response match_package(Request& request) {
  const std::string& code = request.param("code");
  const Date day = query_date(request, "date");
  const auto ranking = value_or_refuse(service(request).match_package(code, query_count(request, "top", 10), day));
  return json(ranking_json("package", code, day.to_string(), ranking, 0));
}

Response match_consortium(Request& request) {
  const std::string& code = request.param("package");
  const Date day = query_date(request, "date");
  const auto p = value_or_refuse(service(request).match_consortium(code, query_count(request, "top", 5), day));
  return json(consortium_json(p, day.to_string(), 0));
}

// The assignment request; an empty body stands for {} (every field has a
// default, requests/matching.h).
requests::AssignmentRequest assignment_request(const Request& request) {
  if (!request.body.empty()) return read_request(request, requests::assignment_spec(), requests::read_assignment);
  simdjson::dom::parser parser;
  simdjson::dom::element empty;
  if (parser.parse("{}", 2).get(empty) != simdjson::SUCCESS) throw std::logic_error("{} is JSON");
  return requests::read_assignment(SpecFields(empty, requests::assignment_spec()));
}

Response assign(Request& request) {
  const auto in = assignment_request(request);
  const std::size_t k = in.top == 0 ? default_k(request) : in.top;
  const auto r = value_or_refuse(service(request).assign(in.package_cap, in.company_cap, k, in.date));
  return json(assignment_json(r, 0));
}

// ---- documentation: examples written by the routes' renderers -------------------

CompanyProfile example_company(std::string code, std::string name_ja, std::vector<CompanyInterest> interests) {
  CompanyProfile c;
  c.code = std::move(code);
  c.name_en = "Battery Works";
  c.name_ja = std::move(name_ja);
  c.country = "JP";
  c.region = "japan";
  c.size = "large";
  c.industry = "batteries";
  c.interests = std::move(interests);
  c.keywords = "lithium anode 負極";
  return c;
}

std::vector<CompanyProfile> example_companies() {
  return {example_company("C-BATT", "電池工業", {{"H01M", 1000}, {"H01M 10/052", 500}}),
          example_company("C-NEW", "", {})};
}

template <class T, class Write>
ResponseDoc keyed_list_doc(const char* name, const char* key, std::vector<T> items, Write write) {
  return {name, [key, items = std::move(items), write] {
            return std::vector<std::string>{list_body(key, Page<T>{items, "x"}, write).body,
                                            list_body(key, Page<T>{{}, ""}, write).body};
          }};
}

matching::Match example_match(bool explained) {
  matching::Match m;
  m.company = "C-BATT";
  m.package = "PKG-BATT";
  m.components = {0.8, 0.25, 0.5, 1.0};
  m.total = 0.6375;
  m.score = 637500;
  if (explained) {
    m.why.codes = {{"H01M", "H01M 10/052", matching::ClassLevel::subclass, 0.8}};
    m.why.terms = {{"anode", 0.25}};
    m.why.attended = true;
    m.why.licensed_subclass = "H01M";
    m.why.region = "domestic";
  }
  return m;
}

Names example_names() {
  Names n;
  n.companies = {{"C-BATT", "Battery Works K.K."}, {"C-EU", "EuroCell GmbH"}};
  n.packages = {{"PKG-BATT", "Lithium-ion battery electrodes"}};
  return n;
}

LeftOut example_left_out() {
  LeftOut l;
  l.by_reason = {{"declined", 1}, {"package_not_marketed", 2}};
  return l;
}

ResponseDoc ranking_doc() {
  return {"Ranking", [] {
            Ranking both{{example_match(true), example_match(false)}, example_left_out(), example_names(), {}};
            Ranking one{{example_match(true)}, {}, example_names(), {}};
            return std::vector<std::string>{ranking_json("company", "C-BATT", "2022-01-01", both, 0),
                                            ranking_json("package", "PKG-BATT", "2022-01-01", one, 0)};
          }};
}

ResponseDoc consortium_doc() {
  ConsortiumProposal p;
  p.package = "PKG-BATT";
  p.universities = {Institution{"U-TOKYO", InstitutionKind::kUniversity, "The University of Tokyo", "東京大学", "JP"}};
  p.companies = {example_match(true)};
  p.excluded = {{"C-EU", "LA-2026-001"}};
  p.left_out = example_left_out();
  p.left_out.add("exclusive_elsewhere");
  p.names = example_names();
  return {"ConsortiumProposal", rendered(std::vector<ConsortiumProposal>{p},
                                 [](const ConsortiumProposal& c) { return consortium_json(c, "2022-01-01", 0); })};
}

ResponseDoc assignment_doc() {
  AssignmentOutcome a;
  a.pairs = {{"C-BATT", "PKG-BATT", 637500}};
  a.total = 637500;
  a.candidate_edges = 12;
  a.excluded_packages = {"PKG-CATH"};
  a.left_out = example_left_out();
  a.names = example_names();
  return {"Assignment",
          rendered(std::vector<AssignmentOutcome>{a}, [](const AssignmentOutcome& o) { return assignment_json(o, 0); })};
}

ResponseDoc interest_doc() {
  return {"Interest", written(std::vector<InterestRecord>{{7, "C-BATT", "PKG-BATT", *Date::parse("2021-06-01"),
                                                           "asked for the claims"}},
                              write_interest_json)};
}

MatchingEvent example_event() {
  MatchingEvent e;
  e.code = "EV-2021-07";
  e.name = "新技術説明会";
  e.held_on = *Date::parse("2021-07-01");
  e.packages = {"PKG-PHARMA"};
  e.companies = {"C-BATT"};
  return e;
}

ResponseDoc import_doc() {
  ImportReport r;
  r.read = 3;
  r.inserted = 2;
  r.updated = 1;
  return {"CompanyImport",
          rendered(std::vector<ImportReport>{r}, [](const ImportReport& x) { return import_report_json(x, 0); })};
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
  const ResponseDoc company{"Company", written(example_companies(), write_company_json)};
  const ResponseDoc company_outcome{
      "CompanyOutcome", rendered(example_companies(), [](const CompanyProfile& c) {
        return company_outcome_json("inserted", c, 0);
      })};
  const ResponseDoc event{"Event", written(std::vector<MatchingEvent>{example_event()}, write_event_json)};
  router.add(documented(route("GET", "/api/v1/companies",
                              "List companies with their matching profiles by code (?region=, ?limit=, ?cursor=)",
                              list_companies, "matching"),
                        nullptr, keyed_list_doc("CompanyList", "companies", example_companies(), write_company_json)));
  router.add(documented(route("POST", "/api/v1/companies", "Add or replace one company and its matching profile",
                              put_company, "matching"),
                        &requests::company_spec(), company_outcome));
  Route import = documented(route("POST", "/api/v1/companies/import",
                                  "Import a companies file (text/csv, or JSON Lines with ?format=jsonl): all or nothing",
                                  import_companies, "matching"),
                            nullptr, import_doc());
  import.body_media = {"text/csv", "application/x-ndjson"};
  router.add(std::move(import));
  router.add(documented(route("GET", "/api/v1/companies/{code}", "A company's matching profile", show_company,
                              "matching"),
                        nullptr, company));
  router.add(documented(route("POST", "/api/v1/interests", "Record a company's interest in a package", add_interest,
                              "matching"),
                        &requests::interest_spec(), interest_doc()));
  router.add(documented(
      route("GET", "/api/v1/interests", "Recorded interest, newest first (?company=, ?package=, ?limit=, ?cursor=)",
            list_interests, "matching"),
      nullptr,
      keyed_list_doc("InterestList", "interests",
                     std::vector<InterestRecord>{{7, "C-BATT", "PKG-BATT", *Date::parse("2021-06-01"), "call back"}},
                     write_interest_json)));
  router.add(documented(route("POST", "/api/v1/events", "Record a matching event (fair, briefing)", add_event,
                              "matching"),
                        &requests::event_spec(), event));
  router.add(documented(route("GET", "/api/v1/events", "Matching events by date held, then code (?limit=, ?cursor=)",
                              list_events, "matching"),
                        nullptr,
                        keyed_list_doc("EventList", "events", std::vector<MatchingEvent>{example_event()},
                                       write_event_json)));
  router.add(documented(route("GET", "/api/v1/matches/company/{code}",
                              "The best packages for a company with the score's components (?top=, ?date=)",
                              match_company, "matching"),
                        nullptr, ranking_doc()));
  router.add(documented(route("GET", "/api/v1/matches/package/{code}",
                              "The best companies for a package with the score's components (?top=, ?date=)",
                              match_package, "matching"),
                        nullptr, ranking_doc()));
  router.add(documented(route("GET", "/api/v1/matches/consortium/{package}",
                              "A candidate consortium: owner universities and the best companies free in the field",
                              match_consortium, "matching"),
                        nullptr, consortium_doc()));
  router.add(documented(route("POST", "/api/v1/assignments",
                              "The optimal offer assignment on the candidate edges (caps in the body)", assign,
                              "matching"),
                        &requests::assignment_spec(), assignment_doc()));
}

}  // namespace chizai::api
