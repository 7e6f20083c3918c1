// The staff routes: the registered tech-transfer staff whom deals name by
// code (register or change, show, list). Thin doors over StaffService; the
// responses are the CLI's --format json renderings. Admin and tech-transfer
// staff only.
#include <string>
#include <utility>
#include <vector>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "render/staff_member.h"
#include "requests/staff_member.h"
#include "services/staff_service.h"

namespace chizai::api {
namespace {

constexpr Roles kStaffRoles = roles({Role::kAdmin, Role::kTechTransfer});

StaffService service_for(const Request& request) { return StaffService(*request.db, request.actor()); }

// Body {"code", "name_latin", "name_ja", "region"} (requests/staff_member.h).
Response put_staff(Request& request) {
  const StaffMember s = read_request(request, requests::staff_member_spec(), requests::read_staff_member);
  StaffService service = service_for(request);
  const std::string outcome = value_or_refuse(service.put(s));
  request.audit_entity_type = "staff";
  request.audit_entity_id = s.code;
  return json(render::staff_outcome_json(outcome, value_or_refuse(service.show(s.code)), 0),
              outcome == "inserted" ? 201 : 200);
}

Response show_staff(Request& request) {
  return json(render::staff_json(value_or_refuse(service_for(request).show(request.param("code"))), 0));
}

Response list_staff(Request& request) {
  const PageRequest p = page(request);
  return page_response(value_or_refuse(service_for(request).list(request.query_value("region").value_or(""), p)),
                       render::write_staff);
}

// ---- documentation: examples written by the routes' renderers -------------------

std::vector<StaffMember> example_staff() {
  return {StaffMember{"ST-SATO", "Sato Hanako", "佐藤花子", "japan", ""},
          StaffMember{"STAFF-2", "", "田中", "", "田中"}};
}

Route route(const char* method, const char* pattern, const char* summary, Handler handler) {
  Route r;
  r.method = method;
  r.pattern = pattern;
  r.roles = kStaffRoles;
  r.summary = summary;
  r.handler = std::move(handler);
  r.tag = "deals";
  return r;
}

}  // namespace

void add_staff_member_routes(Router& router) {
  const ResponseDoc one{"StaffMember", rendered(example_staff(), [](const StaffMember& s) { return render::staff_json(s, 0); })};
  const ResponseDoc outcome{"StaffMemberOutcome", rendered(example_staff(), [](const StaffMember& s) {
                              return render::staff_outcome_json("inserted", s, 0);
                            })};
  router.add(documented(route("GET", "/api/v1/staff-members", "List the staff (?region=, cursor pages) by code", list_staff),
                        nullptr, ResponseDoc{"StaffMember", written(example_staff(), render::write_staff), true}));
  router.add(documented(route("GET", "/api/v1/staff-members/{code}", "Show a staff member", show_staff), nullptr, one));
  router.add(documented(route("POST", "/api/v1/staff-members",
                              "Register a staff member (201), or change the names and region of the one with its "
                              "code (200)",
                              put_staff),
                        &requests::staff_member_spec(), outcome));
}

}  // namespace chizai::api
