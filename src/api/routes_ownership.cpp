// Ownership transfers and the owner history of one patent, under
// /api/v1/patents/{number}/…: the same OwnershipService and renderers
// (src/render/registry.h) as `chizai patent transfer | owners`.
//
// Scoping: the history is seen by a scoped caller (ip_manager,
// institution_viewer) whose institution owns or owned the patent (in any
// period), holds it as owner of record, or receives its income; 404
// otherwise. A transfer is an administrator's act.
#include <algorithm>
#include <string>
#include <vector>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "io/json_writer.h"
#include "requests/registry.h"
#include "services/ownership_service.h"
#include "render/registry.h"

namespace chizai::api {
namespace {

constexpr Roles kPatentReaders = roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer,
                                        Role::kInstitutionViewer});

bool owned_by_any(const std::vector<Owner>& owners, std::string_view institution) {
  return std::any_of(owners.begin(), owners.end(), [&](const Owner& o) { return o.institution == institution; });
}

OwnershipService ownership(const Request& request) {
  return OwnershipService(*request.db, request.settings->scheme, request.actor());
}

// POST /api/v1/patents/{number}/transfers: an administrator's dated transfer.
Response post_transfer(Request& request) {
  const TransferRequest r = read_request(request, requests::transfer_spec(), requests::read_transfer);
  const TransferOutcome t = value_or_refuse(ownership(request).transfer(request.param("number"), r));
  request.audit_entity_type = "patent";
  request.audit_entity_id = t.application;
  JsonWriter w;
  write_transfer_json(w, t);
  return json(w.take(), 201);
}

// GET /api/v1/patents/{number}/owners/history. A scoped caller sees the
// history of a patent its institution owns or owned (in any period), holds
// as owner of record, or receives the income of; else 404.
Response owner_history(Request& request) {
  const std::string& number = request.param("number");
  auto found = ownership(request).history(number);
  if (!found && found.error().code == "unknown_patent") not_found("patent " + number);
  const OwnerHistory h = value_or_refuse(std::move(found));
  if (request.principal.scoped()) {
    const std::string& mine = request.principal.institution;
    bool seen = owned_by_any(h.owners_of_record, mine) || owned_by_any(h.beneficiaries, mine);
    for (const OwnerPeriod& p : h.periods) seen = seen || owned_by_any(p.owners, mine);
    if (!seen) not_found("patent " + number);
  }
  JsonWriter w;
  write_owner_history_json(w, h);
  return json(w.take());
}

std::vector<std::string> example_transfers() {
  TransferOutcome t{"JP2019100001A",
                    {{"U-TOKYO", *Fraction::make(1, 2)}, {"C-0001", *Fraction::make(1, 2)}},
                    {*Date::parse("2026-10-01"), "transfer", {{"U-TOKYO", Fraction::one()}}, {"C-0001"},
                     "2026-10-02T09:00:00Z", "api:admin", "C-0001 sold its half to U-TOKYO"}};
  JsonWriter w;
  write_transfer_json(w, t);
  return {w.take()};
}

std::vector<std::string> example_owner_histories() {
  OwnerHistory h;
  h.application = "JP2019100001A";
  h.filing_date = *Date::parse("2019-03-01");
  h.as_of = *Date::parse("2026-12-07");
  h.periods = {{h.filing_date, "first", {{"U-TOKYO", *Fraction::make(1, 2)}, {"C-0001", *Fraction::make(1, 2)}},
                {}, "2026-10-02T09:00:00Z", "api:admin", ""},
               {*Date::parse("2026-10-01"), "transfer", {{"U-TOKYO", Fraction::one()}}, {"C-0001"},
                "2026-10-02T09:00:00Z", "api:admin", "C-0001 sold its half to U-TOKYO"}};
  h.owners_of_record = {{"U-TOKYO", Fraction::one()}};
  h.beneficiaries = h.owners_of_record;
  JsonWriter w;
  write_owner_history_json(w, h);
  return {w.take()};
}

Route route(const char* method, const char* pattern, Roles who, const char* summary, Handler handler,
            const char* tag, const char* scope = "") {
  return Route{method, pattern, who, summary, std::move(handler), tag, false, scope};
}

}  // namespace

void add_ownership_routes(Router& router) {
  router.add(documented(route("POST", "/api/v1/patents/{number}/transfers", roles({Role::kAdmin}),
                              "Record a dated ownership transfer (new owners from the date; the consents of every "
                              "owner whose share goes down or who is removed)",
                              post_transfer, "patents", ""),
                        &requests::transfer_spec(), ResponseDoc{"Transfer", example_transfers}));
  router.add(documented(route("GET", "/api/v1/patents/{number}/owners/history", kPatentReaders,
                              "The owner history of one patent: every ownership period, owners of record and "
                              "beneficiaries today",
                              owner_history, "patents", "number"),
                        nullptr, ResponseDoc{"OwnerHistory", example_owner_histories}));
}

}  // namespace chizai::api
