// Packages (dated membership, allocation weights, status) and consortia:
// /api/v1/packages… and /api/v1/consortia…. The same PackageService,
// ConsortiumService and renderers (src/render/) as `chizai package …` and `chizai
// consortium …`. Request bodies carry the keys of the matching `scheme
// load` operation (without "op"; the package or consortium code is in the
// path where the route names one). Dates default to today.
#include <simdjson.h>

#include <optional>
#include <set>
#include <string>

#include "api/body.h"
#include "api/router.h"
#include "io/strict_json.h"
#include "registry/numbers.h"
#include "services/package_service.h"
#include "render/package.h"

namespace chizai::api {
namespace {

constexpr Roles kPackagePeople = roles({Role::kAdmin, Role::kTechTransfer});

PackageService packages(const Request& request) {
  return PackageService(*request.db, request.actor(), request.settings->scheme);
}
ConsortiumService consortia(const Request& request) {
  return ConsortiumService(*request.db, request.actor(), request.settings->scheme);
}

Date day_of(const Fields& f, const char* key) { return f.optional_date(key).value_or(today_local()); }

bool query_flag(const Request& request, const char* name) {
  const auto text = request.query_value(name);
  if (!text || text->empty() || *text == "false") return false;
  if (*text == "true") return true;
  bad_request("'" + std::string(name) + "' must be true or false, not '" + *text + "'", name);
}

std::string canonical(const std::string& raw) {
  auto n = normalize_application_number(raw);
  return n.ok() ? n->canonical : raw;
}

void audit(Request& request, const char* type, const std::string& id) {
  request.audit_entity_type = type;
  request.audit_entity_id = id;
}

// ---- packages ----------------------------------------------------------------------

Response create_package(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"code", "name_en", "name_ja", "theme", "core", "peripheral", "date"});
  const PackageDraft draft{f.text("code"),   f.text("name_en"),        f.text_or("name_ja", ""),
                           f.text_or("theme", ""), f.texts("core", true), f.texts("peripheral"),
                           day_of(f, "date")};
  const PackageSummary p = value_or_refuse(packages(request).create(draft));
  audit(request, "package", p.code);
  return json(render::package_summary_json(p), 201);
}

Response list_packages(Request& request) {
  std::optional<PackageStatus> status;
  if (const auto s = request.query_value("status"); s && !s->empty()) {
    status = parse_package_status(*s);
    if (!status) bad_request("'status' must be one of " + allowed_words_package_status() + ", not '" + *s + "'", "status");
  }
  return page_response(packages(request).list(status, today_local(), page(request)),
                       render::write_package_summary_json);
}

Response show_package(Request& request) {
  const std::string& code = request.param("code");
  const Date at = query_date(request, "at");
  const bool with_history = query_flag(request, "history");
  PackageService service = packages(request);
  const PackageView view = value_or_refuse(service.show(code, at));
  std::vector<MembershipRecord> records;
  if (with_history) records = value_or_refuse(service.history(code));
  return json(render::package_view_json(view, with_history ? &records : nullptr));
}

Response add_member(Request& request) {
  const std::string& code = request.param("code");
  const JsonBody body(request);
  const Fields f = body.fields({"patent", "family", "role", "weight", "date"});
  const auto patent = f.optional_text("patent");
  const auto family = f.optional_text("family");
  if (patent.has_value() == family.has_value()) {
    bad_request("give either 'patent' or 'family' (a whole simple family)", "patent");
  }
  const MemberRole role = f.word("role", parse_member_role);
  const std::optional<std::int64_t> weight = f.optional_integer("weight");
  const Date day = day_of(f, "date");
  PackageService service = packages(request);
  const AddOutcome out = patent ? value_or_refuse(service.add_member(code, *patent, role, weight, day))
                                : value_or_refuse(service.add_family(code, *family, role, weight, day));
  audit(request, "package", code);
  return json(render::add_outcome_json(code, out, role, weight, day), out.added.empty() ? 200 : 201);
}

Response remove_member(Request& request) {
  const std::string& code = request.param("code");
  const std::string& number = request.param("number");
  const Date day = query_date(request, "date");
  ok_or_refuse(packages(request).remove_member(code, number, day));
  audit(request, "package", code);
  return json(render::member_removed_json(code, canonical(number), day));
}

Response set_weight(Request& request) {
  const std::string& code = request.param("code");
  const std::string& number = request.param("number");
  const JsonBody body(request);
  const Fields f = body.fields({"weight", "date"});
  const std::int64_t weight = f.integer("weight");
  const Date day = day_of(f, "date");
  const std::int64_t previous = value_or_refuse(packages(request).set_weight(code, number, weight, day));
  audit(request, "package", code);
  return json(render::weight_change_json(code, canonical(number), previous, weight, day));
}

Response set_status(Request& request) {
  const std::string& code = request.param("code");
  const JsonBody body(request);
  const Fields f = body.fields({"status", "date"});
  const PackageStatus to = f.word("status", parse_package_status);
  const Date day = day_of(f, "date");
  const PackageStatus previous = value_or_refuse(packages(request).set_status(code, to, day));
  audit(request, "package", code);
  return json(render::status_change_json(code, previous, to, day));
}

// ---- consortia ---------------------------------------------------------------------

Response create_consortium(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"code", "package", "date"});
  const std::string code = f.text("code");
  ConsortiumService service = consortia(request);
  ok_or_refuse(service.create(code, f.text("package"), day_of(f, "date")));
  audit(request, "consortium", code);
  return json(render::consortium_json(value_or_refuse(service.show(code))), 201);
}

Response list_consortia(Request& request) {
  const std::string package = request.query_value("package").value_or("");
  return page_response(value_or_refuse(consortia(request).list(package, page(request))),
                       render::write_consortium_summary_json);
}

Response show_consortium(Request& request) {
  return json(render::consortium_json(value_or_refuse(consortia(request).show(request.param("code")))));
}

Response add_consortium_member(Request& request) {
  const std::string& code = request.param("code");
  const JsonBody body(request);
  const Fields f = body.fields({"institution", "role", "date", "nda_date", "nda_status"});
  ConsortiumJoin join;
  join.institution = f.text("institution");
  join.role = f.word("role", parse_consortium_role);
  join.joined_on = f.date("date");
  join.nda_date = f.optional_date("nda_date");
  if (f.has("nda_status")) join.nda_status = f.word("nda_status", parse_nda_status);
  ConsortiumService service = consortia(request);
  ok_or_refuse(service.add_member(code, join));
  audit(request, "consortium", code);
  return json(render::consortium_json(value_or_refuse(service.show(code))), 201);
}

Response set_nda(Request& request) {
  const std::string& code = request.param("code");
  const std::string& institution = request.param("institution");
  const JsonBody body(request);
  const Fields f = body.fields({"status", "date"});
  const NdaStatus status = f.word("status", parse_nda_status);
  if (status == NdaStatus::kNone) file_error("status", "must be requested or signed");
  ConsortiumService service = consortia(request);
  value_or_refuse(service.set_nda(code, institution, status, f.date("date")));
  audit(request, "consortium", code);
  return json(render::consortium_json(value_or_refuse(service.show(code))));
}

Route route(const char* method, const char* pattern, const char* summary, Handler handler, const char* tag) {
  return Route{.method = method,
               .pattern = pattern,
               .roles = kPackagePeople,
               .summary = summary,
               .handler = std::move(handler),
               .tag = tag};
}

}  // namespace

void add_package_routes(Router& router) {
  router.add(route("POST", "/api/v1/packages", "Create a draft package around one or more core patents",
                   create_package, "packages"));
  router.add(route("GET", "/api/v1/packages", "List packages in code order with today's member counts (?status=, ?limit, ?cursor)",
                   list_packages, "packages"));
  router.add(route("GET", "/api/v1/packages/{code}",
                   "A package's members on a day with their shares (?at=DATE, ?history=true)", show_package,
                   "packages"));
  router.add(route("POST", "/api/v1/packages/{code}/members",
                   "Add a patent, or a whole simple family, to a package", add_member, "packages"));
  router.add(route("DELETE", "/api/v1/packages/{code}/members/{number}",
                   "End a patent's membership from ?date= (the history is kept)", remove_member, "packages"));
  router.add(route("PATCH", "/api/v1/packages/{code}/members/{number}",
                   "Change a current member's allocation weight from a date", set_weight, "packages"));
  router.add(route("POST", "/api/v1/packages/{code}/status", "Move a package to another status", set_status,
                   "packages"));
  router.add(route("POST", "/api/v1/consortia", "Form a consortium around a package", create_consortium,
                   "consortia"));
  router.add(route("GET", "/api/v1/consortia", "List consortia in code order (?package=, ?limit, ?cursor)",
                   list_consortia, "consortia"));
  router.add(route("GET", "/api/v1/consortia/{code}", "A consortium and its members", show_consortium,
                   "consortia"));
  router.add(route("POST", "/api/v1/consortia/{code}/members", "Add an institution to a consortium",
                   add_consortium_member, "consortia"));
  router.add(route("POST", "/api/v1/consortia/{code}/members/{institution}/nda",
                   "Record a member's NDA request or signature", set_nda, "consortia"));
}

}  // namespace chizai::api
