// The registry over HTTP: institutions (list, show, create) and patents
// (register, replace, import upload, list with cursor pagination, show).
// The same services and renderers (src/render/) as `chizai institution …` and `chizai patent …`.
//
// Scoping: an ip_manager or institution_viewer sees a patent when its own
// institution is among the owners (404 otherwise, as if it did not exist),
// and an ip_manager registers, replaces or imports only patents its own
// institution owns, and never changes a patent it cannot see.
#include <simdjson.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "api/read_cache.h"
#include "api/router.h"
#include "core/date.h"
#include "io/json_writer.h"
#include "io/registry_formats.h"
#include "io/registry_json.h"
#include "registry/numbers.h"
#include "api/body.h"
#include "api/event_writer.h"
#include "api/routes_office_import.h"
#include "render/office.h"
#include "requests/event.h"
#include "requests/registry.h"
#include "services/aggregation_service.h"
#include "services/registry_service.h"
#include "render/registry.h"

namespace chizai::api {
namespace {

constexpr Roles kPatentReaders = roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer,
                                        Role::kInstitutionViewer});
constexpr Roles kPatentWriters = roles({Role::kAdmin, Role::kIpManager});

bool owned_by_any(const std::vector<Owner>& owners, std::string_view institution) {
  return std::any_of(owners.begin(), owners.end(), [&](const Owner& o) { return o.institution == institution; });
}

bool owned_by(const Patent& p, std::string_view institution) { return owned_by_any(p.owners, institution); }

// True when the caller may see the patent: unscoped, or an owner is its own.
bool visible(const Principal& who, const Patent& p) {
  return !who.scoped() || owned_by(p, who.institution);
}

// The body's JSON object (400 otherwise), for a record reader.
simdjson::dom::object body_object(const Request& request, simdjson::dom::parser& own) {
  const simdjson::dom::element root = json_root(request, own);
  if (root.type() != simdjson::dom::element_type::OBJECT) bad_request("the body must be a JSON object");
  return simdjson::dom::object(root);
}

// The record of the body read by `read` (requests/registry.h), or a 400
// naming the first field with every problem found.
template <class T>
T record_from_body(const Request& request, const std::string& what,
                   ParsedRecord<T> (*read)(simdjson::dom::object)) {
  simdjson::dom::parser own;
  ParsedRecord<T> r = read(body_object(request, own));
  if (!r.record) {
    std::vector<RowProblem> problems;
    for (const auto& e : r.errors) problems.push_back({0, {}, e.field, e.reason, e.code});
    // A consistency check's code when the first problem is one (a
    // jurisdiction conflicting with the number), else bad_request.
    const FieldError* first = r.errors.empty() ? nullptr : &r.errors.front();
    throw ApiError(400, first && !first->code.empty() ? first->code : std::string("bad_request"),
                   what + " refused: " + describe_problems(problems), first ? first->field : std::string());
  }
  return std::move(*r.record);
}

Patent patent_from_body(const Request& request) {
  return record_from_body(request, "the patent", requests::read_patent);
}

Institution institution_from_body(const Request& request) {
  return record_from_body(request, "the institution", requests::read_institution);
}

// {"<key>": …, "result": "inserted" | "updated" | "unchanged"}: what a registration did.
std::string registered_json(const char* key, const std::string& value, const std::string& result) {
  JsonWriter w;
  w.begin_object().field(key, value).field("result", result).end_object();
  return w.take();
}

// A scoped caller writes only patents its institution owns (the new record)
// and may not touch one it cannot see (the stored record).
void require_writable(const Request& request, RegistryService& service, const Patent& p,
                      const std::string& where = {}) {
  const Principal& who = request.principal;
  if (!who.scoped()) return;
  if (!owned_by(p, who.institution)) {
    throw ApiError(404, "not_found",
                   where + "patent " + p.application_number + " names no owner of your institution " +
                       who.institution + "; you register and import only your institution's patents",
                   "owners");
  }
  if (auto stored = service.find_patent(p.application_number); stored && !visible(who, stored->patent)) {
    not_found(where + "patent " + p.application_number);
  }
}

bool flag_value(const Request& request, std::string_view name);

// Who writes, for the registry's rules and history: a scoped caller's
// institution, ?replace and ?accept_warnings (the consistency checks'
// warnings, README "Consistency checks").
WriteScope write_scope(const Request& request) {
  const Principal& who = request.principal;
  return {request.actor(), who.scoped() ? who.institution : std::string(), flag_value(request, "replace"),
          flag_value(request, "accept_warnings")};
}

// The answer to a registration: 201 when inserted, else 200.
Response registered(Request& request, const std::string& number, const std::string& result) {
  request.audit_entity_type = "patent";
  request.audit_entity_id = number;
  return json(registered_json("application_number", number, result), result == "inserted" ? 201 : 200);
}

// POST /api/v1/patents and PUT /api/v1/patents/{number}.
Response register_one(Request& request, const Patent& p) {
  RegistryService service(*request.db);
  require_writable(request, service, p);
  return registered(request, p.application_number,
                    value_or_refuse(service.register_patent(p, write_scope(request))));
}

Response post_patent(Request& request) { return register_one(request, patent_from_body(request)); }

// The patent the path's {number} names, as the caller may see it: a
// malformed number is 400 saying what is wrong, a US series form matching
// several applications 409 naming them, an unknown or unseen patent 404.
StoredPatent path_patent(Request& request, RegistryService& service) {
  const std::string& number = request.param("number");
  const Principal& who = request.principal;
  auto stored = service.lookup_patent(number, "number", who.scoped() ? who.institution : std::string());
  if (!stored && stored.error().code == "unknown_patent") not_found("patent " + number);
  return value_or_refuse(std::move(stored));
}

// PATCH /api/v1/patents/{number}: only the fields the body names change.
Response patch_patent(Request& request) {
  RegistryService service(*request.db);
  const std::optional<StoredPatent> stored = path_patent(request, service);
  simdjson::dom::parser own;
  (void)body_object(request, own);  // 400 unless a JSON object
  const std::string& canonical = stored->patent.application_number;
  return registered(request, canonical, value_or_refuse(service.update_patent(canonical, request.body, write_scope(request))));
}

Response put_patent(Request& request) {
  RegistryService service(*request.db);
  const std::optional<StoredPatent> stored = path_patent(request, service);
  Patent p = patent_from_body(request);
  if (p.application_number != stored->patent.application_number) {
    bad_request("the body's application_number " + p.application_number + " is not the patent " +
                    stored->patent.application_number + " of the path",
                "application_number");
  }
  return register_one(request, p);
}

bool flag_value(const Request& request, std::string_view name) {
  auto v = request.query_value(name);
  if (!v) return false;
  if (*v == "true" || *v == "1" || v->empty()) return true;
  if (*v == "false" || *v == "0") return false;
  bad_request("'" + std::string(name) + "' must be true or false, not '" + *v + "'", std::string(name));
}

// The import's report (the 422 of a refused file writes it under "report").
std::string import_report_json(const ImportReport& report) {
  JsonWriter w;
  write_import_report_json(w, report);
  return w.take();
}

// POST /api/v1/patents/import: the body is the file (JSONL records may bring
// their events, as the CLI reads them). The report is the one
// `chizai patent import` prints; a refused file (any invalid record without
// ?skip_invalid=true) writes nothing and answers 422 with the report.
Response import_patents(Request& request) {
  if (is_xml_media_type(request.content_type)) return import_office_xml(request, write_scope(request));
  const FileFormat format = upload_format(request, "a patent file");
  ImportOptions options;
  options.skip_invalid = flag_value(request, "skip_invalid");
  options.scope = write_scope(request);
  RegistryService service(*request.db);
  if (request.principal.scoped()) {
    // Every well-formed record must be the caller's institution's (the
    // malformed ones are left to the import's own report).
    std::istringstream scan(request.body);
    read_patents(scan, format, [&](ParsedRecord<Patent>&& r) {
      if (r.record) require_writable(request, service, *r.record, "line " + std::to_string(r.line) + ": ");
    });
  }
  ImportReport report;
  std::istringstream in(request.body);
  requests::PatentEventsSplit split;
  if (format == FileFormat::kJsonl && request.body.find("\"events\"") != std::string::npos) {
    split = requests::split_patent_events(in);  // records bringing their events ("events": [...])
  }
  if (split.any) {
    std::int64_t events = 0;
    report = patent_event_writer(request).import_with_patents(split.patents, split.events.rows,
                                                              split.events.problems, options, events);
  } else {
    in.clear();
    in.seekg(0);
    report = service.import_patents(in, format, options);
  }
  request.audit_entity_type = "patent_import";
  request.audit_entity_id = std::to_string(report.inserted + report.updated) + " of " + std::to_string(report.read);
  if (report.written) return json(import_report_json(report));
  JsonWriter w;
  const std::string field = report.problems.empty() ? "" : report.problems.front().field;
  w.begin_object().key("error").begin_object()
      .field("code", "invalid_records")
      .field("message", std::to_string(report.rejected) + " invalid record(s); nothing was written (fix them, or "
                        "use ?skip_invalid=true): " + describe_problems(report.problems))
      .field("field", field)
      .end_object()
      .key("report");
  write_import_report_json(w, report);
  w.end_object();
  return json(w.take(), 422);
}

// GET /api/v1/patents?institution=&role=&status=&jurisdiction=&ipc=&filed_from=&filed_to=&text=&limit=&cursor=
// role (with institution): owner (of record), beneficiary, or either (the default).
// A bad filter value is a 400 naming its parameter (bad_filter).
Response list_patents(Request& request) {
  const PageRequest pg = page(request);
  PatentQuery query;
  for (auto [name, value] : {std::pair{"institution", &query.institution}, std::pair{"status", &query.status},
                             std::pair{"jurisdiction", &query.jurisdiction}, std::pair{"ipc", &query.ipc},
                             std::pair{"filed_from", &query.filed_from}, std::pair{"filed_to", &query.filed_to},
                             std::pair{"text", &query.text}, std::pair{"role", &query.role}}) {
    if (auto v = request.query_value(name)) *value = *v;
  }
  if (request.principal.scoped()) {
    if (query.institution.empty()) query.institution = request.principal.institution;
    require_visible(request, query.institution, "institution " + query.institution);
  }
  const PatentFilter filter = value_or_refuse(read_patent_filter(query));
  const auto patents = value_or_refuse(RegistryService(*request.db).list_patents(filter, pg));
  return page_response(patents, write_stored_patent_json);
}

std::string patent_detail_json(const PatentDetail& detail) {
  JsonWriter w;
  write_patent_detail_json(w, detail);
  return w.take();
}

std::string institution_json(const Institution& inst) {
  JsonWriter w;
  write_institution_json(w, inst);
  return w.take();
}

// GET /api/v1/patents/{number}: as `chizai patent show --format json`.
// From the read cache when the request may use it (read_cache.h): the
// body is the same either way, and the scoping check runs on every request.
Response show_patent(Request& request) {
  const std::string& number = request.param("number");
  // A US series form without its year may name different applications for
  // different callers (a scoped caller's candidates are its own patents),
  // so it is resolved for the caller and never cached.
  const bool series_form = us_series_form(number).has_value();
  ReadCaches* cache = series_form ? nullptr : request.cache;
  std::shared_ptr<const CachedPatent> cached;
  if (cache) cached = cache->patents.find(number, request.cache_epoch);
  if (!cached) {
    std::string asked = number;
    if (series_form) {
      RegistryService registry(*request.db);
      asked = path_patent(request, registry).patent.application_number;
    }
    auto found = AggregationService(*request.db, request.settings->scheme, request.actor()).patent_detail(asked);
    if (!found && found.error().code == "unknown_patent") not_found("patent " + number);
    const PatentDetail p = value_or_refuse(std::move(found));
    auto fresh = std::make_shared<CachedPatent>();
    fresh->json = patent_detail_json(p);
    std::size_t bytes = sizeof(CachedPatent) + fresh->json.size();
    // Seen by a scoped caller of an owner, of the owner of record (the
    // aggregator after an assignment) or of a beneficiary.
    for (const auto* list : {&p.stored.patent.owners, &p.owners_of_record, &p.beneficiaries}) {
      for (const Owner& o : *list) {
        fresh->institutions.push_back(o.institution);
        bytes += sizeof(std::string) + o.institution.size();
      }
    }
    if (cache) cache->patents.put(number, fresh, bytes, request.cache_epoch);
    cached = std::move(fresh);
  }
  if (request.principal.scoped() &&
      std::find(cached->institutions.begin(), cached->institutions.end(), request.principal.institution) ==
          cached->institutions.end()) {
    not_found("patent " + number);
  }
  return json(cached->json);
}

Response list_institutions(Request& request) {
  return page_response(RegistryService(*request.db).list_institutions(page(request)),
                       [](JsonWriter& w, const Institution& i) { write_institution_json(w, i); });
}

Response show_institution(Request& request) {
  const std::string& code = request.param("code");
  auto inst = RegistryService(*request.db).find_institution(code);
  if (!inst) not_found("institution " + code);
  return json(institution_json(*inst));
}

// POST /api/v1/institutions: one record of the institution import format.
Response post_institution(Request& request) {
  const Institution inst = institution_from_body(request);
  const std::string result = value_or_refuse(RegistryService(*request.db).register_institution(inst, request.actor()));
  request.audit_entity_type = "institution";
  request.audit_entity_id = inst.code;
  return json(registered_json("code", inst.code, result), result == "inserted" ? 201 : 200);
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

std::vector<Institution> example_institutions() {
  Institution university;
  university.code = "U-TOKYO";
  university.kind = InstitutionKind::kUniversity;
  university.name_en = "The University of Tokyo";
  university.name_ja = "東京大学";
  university.country = "JP";
  Institution company = university;
  company.code = "C-0001";
  company.kind = InstitutionKind::kCompany;
  company.name_en = "Battery Works K.K.";
  company.name_ja = "";
  return {university, company};
}

std::vector<StoredPatent> example_patents() {
  StoredPatent full;
  Patent& p = full.patent;
  p.application_number = "JP2019100001A";
  p.jurisdiction = "JP";
  p.filing_date = *Date::parse("2019-04-01");
  p.title = "Solid electrolyte for lithium batteries";
  p.title_ja = "リチウム電池用固体電解質";
  p.status = PatentStatus::kGranted;
  p.publication_number = "JP2020-150001A";
  p.publication_date = *Date::parse("2020-10-01");
  p.grant_number = "JP6800001B";
  p.grant_date = *Date::parse("2021-06-01");
  p.claims = 12;
  p.ipc = {"H01M10/052"};
  p.owners = {{"U-TOKYO", *Fraction::parse("1/2")}, {"C-0001", *Fraction::parse("1/2")}};
  p.inventors = {{"Yamada Taro", "U-TOKYO"}, {"Suzuki Hanako", ""}};
  p.priority_claims = {{"JP2018123456A", *Date::parse("2018-04-02"), PriorityKind::kParis, true},
                       {"US201862700001P", std::nullopt, PriorityKind::kProvisional, false}};
  full.simple_family = "F-JP2018123456A";
  full.extended_family = "X-JP2018123456A";
  StoredPatent minimal;
  minimal.patent.application_number = "JP2019100002A";
  minimal.patent.jurisdiction = "JP";
  minimal.patent.filing_date = *Date::parse("2019-05-01");
  minimal.patent.title = "Electrode binder";
  minimal.patent.owners = {{"U-TOKYO", *Fraction::parse("1")}};
  minimal.simple_family = "F-JP2019100002A";
  minimal.extended_family = "X-JP2019100002A";
  return {full, minimal};
}

std::vector<std::string> example_patent_details() {
  const auto patents = example_patents();
  Aggregation aggregation;
  aggregation.aggregator = "AGG-JAPAN";
  aggregation.mode = AggregationMode::kAssignment;
  aggregation.date = *Date::parse("2024-04-01");
  const Date today = *Date::parse("2026-12-07");
  const PatentDetail assigned{patents[0], aggregation, {{"AGG-JAPAN", Fraction::one()}}, patents[0].patent.owners,
                              today};
  const PatentDetail own{patents[1], std::nullopt, patents[1].patent.owners, patents[1].patent.owners, today};
  return {patent_detail_json(assigned), patent_detail_json(own)};
}

std::vector<std::string> example_import_reports() {
  ImportReport clean;
  clean.read = 120;
  clean.inserted = 100;
  clean.updated = 18;
  clean.unchanged = 2;
  clean.written = true;
  clean.families_changed = 7;
  ImportReport skipped = clean;
  skipped.rejected = 1;
  skipped.unchanged = 1;
  skipped.problems = {{42, "JP2019100042A", "owners", "shares sum to 1/2, not 1"},
                      {57, "JP2019100057A", "priority_claims[0].date",
                       "the Paris priority of JP2018100001A (2018-01-10) is more than 12 months before the filing "
                       "date 2019-02-01 (the period ended on 2019-01-10): valid only if the right of priority was "
                       "restored (a warning: accept the warnings to register it anyway, --accept-warnings, "
                       "?accept_warnings=true)",
                       "priority_restoration"}};
  skipped.rejected = 2;
  return {import_report_json(clean), import_report_json(skipped), example_office_import_report_json()};
}

Route route(const char* method, const char* pattern, Roles who, const char* summary, Handler handler,
            const char* tag, const char* scope = "") {
  return Route{method, pattern, who, summary, std::move(handler), tag, false, scope};
}

// A route whose body is a file of the import format (CSV or JSONL), not JSON.
Route with_file_body(Route r) {
  r.body_media = {"text/csv", "application/x-ndjson", "application/xml"};
  return r;
}

}  // namespace

void add_registry_routes(Router& router) {
  const ResponseDoc institution{"Institution", rendered(example_institutions(), institution_json)};
  ResponseDoc institution_page{"Institution", written(example_institutions(), write_institution_json), true};
  const ResponseDoc patent_page{"StoredPatent", written(example_patents(), write_stored_patent_json), true};
  const ResponseDoc patent_detail{"PatentDetail", example_patent_details};
  const ResponseDoc patent_registered{
      "PatentRegistered", [] {
        return std::vector<std::string>{registered_json("application_number", "JP2019100001A", "inserted")};
      }};
  const ResponseDoc institution_registered{
      "InstitutionRegistered",
      [] { return std::vector<std::string>{registered_json("code", "U-TOKYO", "updated")}; }};
  const ResponseDoc import_report{"ImportReport", example_import_reports};

  router.add(documented(route("GET", "/api/v1/institutions", kAllRoles,
                              "List institutions in code order (?limit, ?cursor)", list_institutions, "institutions"),
                        nullptr, institution_page));
  router.add(documented(route("GET", "/api/v1/institutions/{code}", kAllRoles, "Show one institution",
                              show_institution, "institutions"),
                        nullptr, institution));
  router.add(documented(route("POST", "/api/v1/institutions", roles({Role::kAdmin}),
                              "Register (or replace) one institution, a record of the import format",
                              post_institution, "institutions"),
                        &requests::institution_spec(), institution_registered));
  router.add(documented(route("GET", "/api/v1/patents", kPatentReaders,
                              "List patents in application-number order (?institution, ?role=owner|beneficiary|either, ?status, ?jurisdiction, ?ipc "
                              "prefix, ?filed_from, ?filed_to, ?text title words; ?limit, ?cursor)",
                              list_patents, "patents", "list"),
                        nullptr, patent_page));
  router.add(documented(route("POST", "/api/v1/patents", kPatentWriters,
                              "Register (or replace, ?replace=true to remove data) one patent, a record of the JSONL "
                              "import format (?accept_warnings=true: the consistency checks' warnings)",
                              post_patent,
                              "patents", "body"),
                        &requests::patent_spec(), patent_registered));
  router.add(documented(
      with_file_body(route("POST", "/api/v1/patents/import", kPatentWriters,
                           "Import patents from a CSV (text/csv) or JSONL (application/x-ndjson) body "
                           "(?skip_invalid, ?replace, ?accept_warnings; the records are PatentRequest's), or a patent "
                           "office's XML (application/xml: EPO OPS, DOCDB, USPTO; ?unresolved=refuse|create|skip, ?owner)",
                           import_patents, "patents", "body")),
      nullptr, import_report));
  router.add(documented(route("GET", "/api/v1/patents/{number}", kPatentReaders, "Show one patent", show_patent,
                              "patents", "number"),
                        nullptr, patent_detail));
  router.add(documented(route("PUT", "/api/v1/patents/{number}", kPatentWriters,
                              "Replace one patent's record (?replace=true to remove owners, inventors, IPC classes, "
                              "title or claims; ?accept_warnings=true: the consistency checks' warnings)",
                              put_patent, "patents", "number"),
                        &requests::patent_spec(), patent_registered));
  router.add(documented(route("PATCH", "/api/v1/patents/{number}", kPatentWriters,
                              "Change only the fields the body names of one patent (?accept_warnings=true: the "
                              "consistency checks' warnings)",
                              patch_patent, "patents", "number"),
                        &requests::patent_update_spec(), patent_registered));
}

}  // namespace chizai::api
