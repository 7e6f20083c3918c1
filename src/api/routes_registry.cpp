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

#include "api/read_cache.h"
#include "api/router.h"
#include "core/date.h"
#include "io/json_writer.h"
#include "io/registry_formats.h"
#include "io/registry_json.h"
#include "services/aggregation_service.h"
#include "services/registry_service.h"
#include "render/registry.h"

namespace chizai::api {
namespace {

constexpr Roles kPatentReaders = roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer,
                                        Role::kInstitutionViewer});
constexpr Roles kPatentWriters = roles({Role::kAdmin, Role::kIpManager});

bool owned_by(const Patent& p, std::string_view institution) {
  return std::any_of(p.owners.begin(), p.owners.end(),
                     [&](const Owner& o) { return o.institution == institution; });
}

// True when the caller may see the patent: unscoped, or an owner is its own.
bool visible(const Principal& who, const Patent& p) {
  return !who.scoped() || owned_by(p, who.institution);
}

// The one JSON object of a request body on one line, as a JSONL record.
std::string body_record(const Request& request) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(request.body).get(root) != simdjson::SUCCESS) {
    bad_request("the body is not valid JSON");
  }
  if (root.type() != simdjson::dom::element_type::OBJECT) bad_request("the body must be a JSON object");
  return simdjson::minify(root);
}

// Form errors of one parsed record → 400 naming the first field.
[[noreturn]] void refuse_record(const std::string& what, const std::vector<FieldError>& errors) {
  std::vector<RowProblem> problems;
  for (const auto& e : errors) problems.push_back({0, {}, e.field, e.reason});
  bad_request(what + " refused: " + describe_problems(problems), errors.empty() ? "" : errors.front().field);
}

Patent patent_from_body(const Request& request) {
  std::istringstream in(body_record(request));
  std::optional<Patent> out;
  std::vector<FieldError> errors;
  read_patents(in, FileFormat::kJsonl, [&](ParsedRecord<Patent>&& r) {
    out = std::move(r.record);
    errors = std::move(r.errors);
  });
  if (!out) refuse_record("the patent", errors);
  return std::move(*out);
}

Institution institution_from_body(const Request& request) {
  std::istringstream in(body_record(request));
  std::optional<Institution> out;
  std::vector<FieldError> errors;
  read_institutions(in, FileFormat::kJsonl, [&](ParsedRecord<Institution>&& r) {
    out = std::move(r.record);
    errors = std::move(r.errors);
  });
  if (!out) refuse_record("the institution", errors);
  return std::move(*out);
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

// POST /api/v1/patents and PUT /api/v1/patents/{number}.
Response register_one(Request& request, const Patent& p) {
  RegistryService service(*request.db);
  require_writable(request, service, p);
  const std::string result = value_or_refuse(service.register_patent(p));
  request.audit_entity_type = "patent";
  request.audit_entity_id = p.application_number;
  JsonWriter w;
  w.begin_object().field("application_number", p.application_number).field("result", result).end_object();
  return json(w.take(), result == "inserted" ? 201 : 200);
}

Response post_patent(Request& request) { return register_one(request, patent_from_body(request)); }

Response put_patent(Request& request) {
  RegistryService service(*request.db);
  const std::string& number = request.param("number");
  auto stored = service.find_patent(number);
  if (!stored || !visible(request.principal, stored->patent)) not_found("patent " + number);
  Patent p = patent_from_body(request);
  if (p.application_number != stored->patent.application_number) {
    bad_request("the body's application_number " + p.application_number + " is not the patent " +
                    stored->patent.application_number + " of the path",
                "application_number");
  }
  return register_one(request, p);
}

// The upload's format from its Content-Type.
FileFormat upload_format(const Request& request) {
  const std::string& type = request.content_type;
  if (type == "text/csv") return FileFormat::kCsv;
  if (type == "application/jsonl" || type == "application/x-ndjson" || type == "application/x-jsonlines" ||
      type == "application/json-lines" || type == "application/json") {
    return FileFormat::kJsonl;
  }
  throw ApiError(415, "unsupported_media_type",
                 "import a patent file as text/csv or application/x-ndjson (JSONL), not '" + type + "'",
                 "Content-Type");
}

bool flag_value(const Request& request, std::string_view name) {
  auto v = request.query_value(name);
  if (!v) return false;
  if (*v == "true" || *v == "1" || v->empty()) return true;
  if (*v == "false" || *v == "0") return false;
  bad_request("'" + std::string(name) + "' must be true or false, not '" + *v + "'", std::string(name));
}

// POST /api/v1/patents/import: the body is the file. The report is the one
// `chizai patent import` prints; a refused file (any invalid record without
// ?skip_invalid=true) writes nothing and answers 422 with the report.
Response import_patents(Request& request) {
  const FileFormat format = upload_format(request);
  ImportOptions options;
  options.skip_invalid = flag_value(request, "skip_invalid");
  RegistryService service(*request.db);
  if (request.principal.scoped()) {
    // Every well-formed record must be the caller's institution's (the
    // malformed ones are left to the import's own report).
    std::istringstream scan(request.body);
    read_patents(scan, format, [&](ParsedRecord<Patent>&& r) {
      if (r.record) require_writable(request, service, *r.record, "line " + std::to_string(r.line) + ": ");
    });
  }
  std::istringstream in(request.body);
  const ImportReport report = service.import_patents(in, format, options);
  request.audit_entity_type = "patent_import";
  request.audit_entity_id = std::to_string(report.inserted + report.updated) + " of " + std::to_string(report.read);
  JsonWriter w;
  if (report.written) {
    write_import_report_json(w, report);
    return json(w.take());
  }
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

// GET /api/v1/patents?institution=&limit=&cursor=
Response list_patents(Request& request) {
  const PageRequest pg = page(request);
  PatentFilter filter;
  if (auto inst = request.query_value("institution")) filter.institution = *inst;
  if (request.principal.scoped()) {
    if (filter.institution.empty()) filter.institution = request.principal.institution;
    require_visible(request, filter.institution, "institution " + filter.institution);
  }
  const auto patents = value_or_refuse(RegistryService(*request.db).list_patents(filter, pg));
  return page_response(patents, write_stored_patent_json);
}

// GET /api/v1/patents/{number}: as `chizai patent show --format json`.
// From the read cache when the request may use it (read_cache.h): the
// body is the same either way, and the scoping check runs on every request.
Response show_patent(Request& request) {
  const std::string& number = request.param("number");
  std::shared_ptr<const CachedPatent> cached;
  if (request.cache) cached = request.cache->patents.find(number, request.cache_epoch);
  if (!cached) {
    const auto p =
        AggregationService(*request.db, request.settings->scheme, request.actor()).patent_detail(number);
    if (!p) not_found("patent " + number);
    JsonWriter w;
    write_patent_detail_json(w, p->stored, p->aggregation);
    auto fresh = std::make_shared<CachedPatent>();
    fresh->json = w.take();
    std::size_t bytes = sizeof(CachedPatent) + fresh->json.size();
    for (const Owner& o : p->stored.patent.owners) {
      fresh->institutions.push_back(o.institution);
      bytes += sizeof(std::string) + o.institution.size();
    }
    if (request.cache) request.cache->patents.put(number, fresh, bytes, request.cache_epoch);
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
  JsonWriter w;
  write_institution_json(w, *inst);
  return json(w.take());
}

// POST /api/v1/institutions: one record of the institution import format.
Response post_institution(Request& request) {
  const Institution inst = institution_from_body(request);
  const std::string result = value_or_refuse(RegistryService(*request.db).register_institution(inst));
  request.audit_entity_type = "institution";
  request.audit_entity_id = inst.code;
  JsonWriter w;
  w.begin_object().field("code", inst.code).field("result", result).end_object();
  return json(w.take(), result == "inserted" ? 201 : 200);
}

}  // namespace

void add_registry_routes(Router& router) {
  router.add({"GET", "/api/v1/institutions", kAllRoles, "List institutions in code order (?limit, ?cursor)",
              list_institutions, "institutions", false, ""});
  router.add({"GET", "/api/v1/institutions/{code}", kAllRoles, "Show one institution", show_institution,
              "institutions", false, ""});
  router.add({"POST", "/api/v1/institutions", roles({Role::kAdmin}),
              "Register (or replace) one institution, a record of the import format", post_institution,
              "institutions", false, ""});
  router.add({"GET", "/api/v1/patents", kPatentReaders,
              "List patents in application-number order (?institution, ?limit, ?cursor)", list_patents,
              "patents", false, "list"});
  router.add({"POST", "/api/v1/patents", kPatentWriters,
              "Register (or replace) one patent, a record of the JSONL import format", post_patent, "patents",
              false, "body"});
  router.add({"POST", "/api/v1/patents/import", kPatentWriters,
              "Import patents from a CSV (text/csv) or JSONL (application/x-ndjson) body (?skip_invalid)",
              import_patents, "patents", false, "body"});
  router.add({"GET", "/api/v1/patents/{number}", kPatentReaders, "Show one patent", show_patent, "patents",
              false, "number"});
  router.add({"PUT", "/api/v1/patents/{number}", kPatentWriters, "Replace one patent's record", put_patent,
              "patents", false, "number"});
}

}  // namespace chizai::api
