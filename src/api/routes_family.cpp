// Families: GET /api/v1/families (cursor-paginated), GET
// /api/v1/families/{number} (both families of one application), POST
// /api/v1/families/rebuild. The same RegistryService and renderers (src/render/) as
// `chizai family list|show|rebuild`.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "api/router.h"
#include "io/json_writer.h"
#include "requests/registry.h"
#include "services/registry_service.h"
#include "render/family.h"

namespace chizai::api {
namespace {

constexpr Roles kReaders =
    roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kInstitutionViewer});

// A scoped caller sees only the applications its institution owns.
std::set<std::string> own_numbers(Request& request) {
  PatentFilter filter;
  filter.institution = request.principal.institution;
  RegistryService registry(*request.db);
  const auto own = all_pages<StoredPatent>(
      [&](const PageRequest& page) { return value_or_refuse(registry.list_patents(filter, page)); });
  std::set<std::string> out;
  for (const auto& p : own) out.insert(p.patent.application_number);
  return out;
}

void keep_only(FamilyRow& family, const std::set<std::string>& numbers) {
  std::erase_if(family.members, [&](const std::string& n) { return !numbers.count(n); });
}

// {"kind", "items": [families], "next_cursor"}: a page of one kind's families.
std::string families_page_json(const std::string& kind, const Page<FamilyRow>& families) {
  JsonWriter w(2);
  w.begin_object().field("kind", kind).key("items").begin_array();
  for (const FamilyRow& f : families.items) render::write_family_json(w, f);
  w.end_array();
  write_next_cursor(w, families.next);
  w.end_object();
  return w.take();
}

Response list_families(Request& request) {
  const std::string kind = request.query_value("kind").value_or("simple");
  if (kind != "simple" && kind != "extended") {
    bad_request("'kind' must be simple or extended, not '" + kind + "'", "kind");
  }
  PatentFilter filter;
  if (request.principal.scoped()) filter.institution = request.principal.institution;
  return json(families_page_json(kind, RegistryService(*request.db).list_families(kind, filter, page(request))));
}

Response show_families(Request& request) {
  const std::string& number = request.param("number");
  RegistryService registry(*request.db);
  // A scoped caller names only its own patents (a US series form is
  // resolved among them); an unknown or unseen patent is 404, a malformed
  // number 400 saying what is wrong.
  const std::string only = request.principal.scoped() ? request.principal.institution : std::string();
  auto found = registry.families_of(number, only);
  if (!found && found.error().code == "unknown_patent") not_found("patent " + number);
  RegistryService::PatentFamilies families = value_or_refuse(std::move(found));
  if (request.principal.scoped()) {
    const auto own = own_numbers(request);
    keep_only(families.simple, own);
    keep_only(families.extended, own);
  }
  return json(render::patent_families_json(families));
}

Response rebuild_families(Request& request) {
  const FamilyRefresh refresh = RegistryService(*request.db).refresh_families();
  request.audit_entity_type = "family";
  request.audit_entity_id = "all";
  return json(render::family_refresh_json(refresh));
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

std::vector<std::string> example_family_pages() {
  const FamilyRow family{"F-JP2018123456A", {"JP2019100001A", "US16500001A"}};
  return {families_page_json("simple", {{family}, "F-JP2018123456A"}),
          families_page_json("extended", {{FamilyRow{"X-JP2018123456A", {"JP2019100001A"}}}, ""})};
}

std::vector<std::string> example_patent_families() {
  RegistryService::PatentFamilies f;
  f.application = "JP2019100001A";
  f.simple = {"F-JP2018123456A", {"JP2019100001A", "US16500001A"}};
  f.extended = {"X-JP2018123456A", {"JP2019100001A", "US16500001A", "EP19700001A"}};
  return {render::patent_families_json(f)};
}

std::vector<std::string> example_refreshes() {
  FamilyRefresh r;
  r.applications = 5200;
  r.claims = 6100;
  r.simple_families = 3900;
  r.extended_families = 3500;
  r.changed = 12;
  r.compute_seconds = 0.084;
  r.total_seconds = 0.412;
  return {render::family_refresh_json(r)};
}

}  // namespace

void add_family_routes(Router& router) {
  router.add({.method = "GET",
              .pattern = "/api/v1/families",
              .roles = kReaders,
              .summary = "List families (?kind=simple|extended, ?limit, ?cursor) with their registered members",
              .handler = list_families,
              .tag = "families",
              .scope = "list",
              .response = {"FamilyPage", example_family_pages}});
  router.add({.method = "GET",
              .pattern = "/api/v1/families/{number}",
              .roles = kReaders,
              .summary = "Both families (simple and extended) of one application",
              .handler = show_families,
              .tag = "families",
              .scope = "number",
              .response = {"PatentFamilies", example_patent_families}});
  router.add({.method = "POST",
              .pattern = "/api/v1/families/rebuild",
              .roles = roles({Role::kAdmin}),
              .summary = "Recompute every family from the priority claims",
              .handler = rebuild_families,
              .tag = "families",
              .body = &requests::family_rebuild_spec(),
              .response = {"FamilyRefresh", example_refreshes}});
}

}  // namespace chizai::api
