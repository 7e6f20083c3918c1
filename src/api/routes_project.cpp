// The Super Highway: projects, commissioned research contracts,
// expenditures, overseas staff and the programme report. The same
// ProjectService and renderers (src/render/) as `chizai project | contract | expense | staff
// | programme`. Request bodies carry the keys of the matching `scheme load`
// operation (without "op"; an expenditure names its contract by id, not by
// a file's "ref"). Amounts are JPY decimal strings ("18,000,000").
#include <simdjson.h>

#include <set>
#include <string>

#include "api/body.h"
#include "api/router.h"
#include "core/text.h"
#include "io/strict_json.h"
#include "services/project_service.h"
#include "render/project.h"

namespace chizai::api {
namespace {

constexpr Roles kProgramme = roles({Role::kAdmin, Role::kTechTransfer});
constexpr Roles kProgrammeReaders = roles({Role::kAdmin, Role::kTechTransfer, Role::kFinance});
constexpr Roles kSpenders = roles({Role::kAdmin, Role::kFinance});

ProjectService service(const Request& request) {
  return ProjectService(*request.db, request.settings->scheme, request.actor());
}

// A {id} path parameter: a positive whole number, else 404 (no such id).
long long id_param(const Request& request, const char* what) {
  const std::string& text = request.param("id");
  const auto n = parse_int64(text);
  if (!n || *n < 1) not_found(std::string(what) + " " + text);
  return *n;
}

void audit(Request& request, const char* type, const std::string& id) {
  request.audit_entity_type = type;
  request.audit_entity_id = id;
}

// ---- projects -------------------------------------------------------------------

Response create_project(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"code", "package", "basic_patents", "budget", "from", "to"});
  ProjectRequest r;
  r.code = f.text("code");
  r.package = f.text("package");
  r.basic_patents = f.texts("basic_patents", true);
  if (f.has("budget")) r.budget_minor = f.yen("budget");
  r.from = f.date("from");
  r.to = f.date("to");
  const ProjectView v = value_or_refuse(service(request).create_project(r));
  audit(request, "project", v.code);
  return json(render::project_json(v), 201);
}

Response list_projects(Request& request) { return json(render::projects_json(service(request).list_projects())); }

Response show_project(Request& request) {
  return json(render::project_json(value_or_refuse(service(request).show_project(request.param("code")))));
}

// ---- contracts and expenditures -------------------------------------------------------

Response add_contract(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"project", "institution", "amount", "from", "to", "deliverable", "recoverable"});
  const ContractRequest r{f.text("project"), f.text("institution"), f.yen("amount"), f.date("from"),
                          f.date("to"),      f.text("deliverable"), f.flag("recoverable")};
  ProjectService projects = service(request);
  const long long id = value_or_refuse(projects.add_contract(r));
  audit(request, "contract", std::to_string(id));
  return json(render::contract_json(value_or_refuse(projects.find_contract(id))), 201);
}

Response show_contract(Request& request) {
  return json(render::contract_json(value_or_refuse(service(request).find_contract(id_param(request, "contract")))));
}

Response set_contract_status(Request& request) {
  const long long id = id_param(request, "contract");
  const JsonBody body(request);
  const Fields f = body.fields({"status"});
  const ContractView c = value_or_refuse(service(request).set_contract_status(id, f.text("status")));
  audit(request, "contract", std::to_string(id));
  return json(render::contract_json(c));
}

Response add_expense(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"contract", "amount", "date", "recoverable", "note"});
  const ExpenseRequest r{f.integer("contract"), f.yen("amount"), f.date("date"), f.flag("recoverable"),
                         f.text_or("note", "")};
  ProjectService projects = service(request);
  const long long id = value_or_refuse(projects.add_expense(r));
  audit(request, "expenditure", std::to_string(id));
  return json(render::expense_json(id, value_or_refuse(projects.find_contract(r.contract_id))), 201);
}

// ---- staff -----------------------------------------------------------------------------

Response assign_staff(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"project", "name", "region", "from", "to"});
  const StaffRequest r{f.text("project"), f.text("name"), f.text("region"), f.date("from"), f.optional_date("to")};
  ProjectService projects = service(request);
  const long long id = value_or_refuse(projects.assign_staff(r));
  audit(request, "project_staff", std::to_string(id));
  for (const StaffView& s : value_or_refuse(projects.list_staff(r.project))) {
    if (s.id == id) return json(render::staff_json(s), 201);
  }
  throw std::logic_error("a new staff assignment was not read back");
}

Response list_staff(Request& request) {
  const std::string project = request.query_value("project").value_or("");
  return json(render::staff_list_json(value_or_refuse(service(request).list_staff(project))));
}

// ---- programme report --------------------------------------------------------------------

Response programme_report(Request& request) {
  FiscalYear fy = fiscal_year_of(today_local());
  if (const auto year = request.query_value("fiscal_year"); year && !year->empty()) {
    const auto n = parse_int64(*year);
    if (!n || *n < 1 || *n > 9998) {
      bad_request("'fiscal_year' must be a year from 1 to 9998, not '" + *year + "'", "fiscal_year");
    }
    fy = FiscalYear{static_cast<int>(*n)};
  }
  return json(render::programme_report_json(service(request).programme_report(fy)));
}

}  // namespace

void add_project_routes(Router& router) {
  router.add({.method = "POST",
              .pattern = "/api/v1/projects",
              .roles = kProgramme,
              .summary = "Create a Super Highway project around a package's basic patents",
              .handler = create_project,
              .tag = "projects"});
  router.add({.method = "GET",
              .pattern = "/api/v1/projects",
              .roles = kProgrammeReaders,
              .summary = "List the programme's projects with their money",
              .handler = list_projects,
              .tag = "projects"});
  router.add({.method = "GET",
              .pattern = "/api/v1/projects/{code}",
              .roles = kProgrammeReaders,
              .summary = "A project: money, contracts and staff",
              .handler = show_project,
              .tag = "projects"});
  router.add({.method = "POST",
              .pattern = "/api/v1/contracts",
              .roles = kProgramme,
              .summary = "Commission trial research or a prototype from an inventor's institution",
              .handler = add_contract,
              .tag = "projects"});
  router.add({.method = "GET",
              .pattern = "/api/v1/contracts/{id}",
              .roles = kProgrammeReaders,
              .summary = "A contract with its amount, spending and status",
              .handler = show_contract,
              .tag = "projects"});
  router.add({.method = "POST",
              .pattern = "/api/v1/contracts/{id}/status",
              .roles = kProgramme,
              .summary = "Set a contract's status (active, completed or cancelled)",
              .handler = set_contract_status,
              .tag = "projects"});
  router.add({.method = "POST",
              .pattern = "/api/v1/expenditures",
              .roles = kSpenders,
              .summary = "Record an expenditure against a contract",
              .handler = add_expense,
              .tag = "projects"});
  router.add({.method = "POST",
              .pattern = "/api/v1/staff",
              .roles = kProgramme,
              .summary = "Assign overseas licensing staff to a project for a region",
              .handler = assign_staff,
              .tag = "projects"});
  router.add({.method = "GET",
              .pattern = "/api/v1/staff",
              .roles = kProgrammeReaders,
              .summary = "List staff assignments (?project=)",
              .handler = list_staff,
              .tag = "projects"});
  router.add({.method = "GET",
              .pattern = "/api/v1/programme/report",
              .roles = kProgrammeReaders,
              .summary = "The yearly programme report by Japanese fiscal year (?fiscal_year=)",
              .handler = programme_report,
              .tag = "projects"});
}

}  // namespace chizai::api
