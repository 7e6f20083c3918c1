#include "services/ownership_service.h"

#include <set>

#include "io/json_writer.h"
#include "io/registry_json.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "store/aggregation_store.h"
#include "store/journal_store.h"
#include "store/ownership_store.h"
#include "store/registry_store.h"

namespace chizai {
namespace {

std::string transfer_detail(const TransferOutcome& t) {
  JsonWriter w;
  w.begin_object().field("date", t.period.valid_from.to_string());
  write_owners_json(w, "from", t.before);
  write_owners_json(w, "to", t.period.owners);
  w.key("consents").begin_array();
  for (const auto& c : t.period.consents) w.value(c);
  w.end_array();
  w.field("reason", t.period.reason).end_object();
  return w.take();
}

// The consents as recorded: each code once, in code order.
std::vector<std::string> distinct(const std::vector<std::string>& codes) {
  const std::set<std::string> s(codes.begin(), codes.end());
  return {s.begin(), s.end()};
}

}  // namespace

Result<TransferOutcome> OwnershipService::transfer(const std::string& number, const TransferRequest& request) {
  WriteTransaction tx(db_);
  OwnershipStore(db_).hold_off_postings();  // no payment is routed while the owners change
  RegistryStore registry(db_);
  auto found = RegistryService(db_).lookup_patent(number, "number");
  if (!found) return found.error();
  const Patent& patent = found->patent;
  const std::string& canonical = patent.application_number;
  auto institutions = registry.institution_index();
  const long long patent_id = AggregationStore(db_).find_patent(canonical)->id;

  if (auto agg = AggregationStore(db_).aggregation(patent_id); agg && agg->mode == AggregationMode::kAssignment) {
    return make_error(ErrorKind::kRefused, "patent_assigned",
                      "patent " + canonical + " was assigned to the aggregator " + agg->aggregator + " on " +
                          agg->date.to_string() +
                          ": the aggregator is its owner of record and its beneficiaries (" +
                          describe_owners(agg->beneficiaries) +
                          ") receive its income; a transfer would change neither",
                      "number");
  }
  OwnershipStore store(db_);
  const std::vector<OwnerPeriod> periods = store.periods(patent_id);
  if (auto ok = check_transfer(patent, periods, request, today_local(),
                               [&](std::string_view code) { return institutions.count(std::string(code)) > 0; });
      !ok) {
    return ok.error();
  }
  if (auto s = check_month_open(db_, request.date); !s) return with_message(s.error(), s.error().message, "date");
  if (auto routed = store.routed_on_or_after(patent_id, request.date)) {
    return make_error(ErrorKind::kConflict, "income_already_routed",
                      "income of " + canonical + " was already routed to its owners on " +
                          routed->posted_on.to_string() + " (" + routed->kind + " " + routed->reference +
                          "), on or after the transfer date " + request.date.to_string() +
                          ": routed income is never moved; date the transfer after " +
                          routed->posted_on.to_string(),
                      "date");
  }

  const std::string now = utc_now();
  if (periods.empty()) {
    store.insert_period(patent_id, OwnerPeriod{patent.filing_date, "first", patent.owners, {}, now, actor_, ""});
  }
  TransferOutcome out{canonical, patent.owners,
                      OwnerPeriod{request.date, "transfer", request.owners, distinct(request.consents), now, actor_,
                                  request.reason}};
  store.insert_period(patent_id, out.period);
  Patent next = patent;
  next.owners = request.owners;
  registry.update_patent(patent_id, next, content_hash(next), institutions);
  registry.flush();
  record_change(db_, actor_, "patent.transfer", "patent", canonical, transfer_detail(out));
  tx.commit();
  return out;
}

Result<OwnerHistory> OwnershipService::history(const std::string& number) {
  ReadSnapshot snapshot(db_);
  auto found = RegistryService(db_).lookup_patent(number, "number");
  if (!found) return found.error();
  const Patent& patent = found->patent;
  const long long patent_id = AggregationStore(db_).find_patent(patent.application_number)->id;
  OwnerHistory h;
  h.application = patent.application_number;
  h.filing_date = patent.filing_date;
  h.periods = OwnershipStore(db_).periods(patent_id);
  if (h.periods.empty()) h.periods.push_back(OwnerPeriod{patent.filing_date, "first", patent.owners, {}, "", "", ""});
  h.aggregation = AggregationStore(db_).aggregation(patent_id);
  h.as_of = today_local();
  if (h.aggregation && h.aggregation->mode == AggregationMode::kAssignment) {
    std::vector<std::string> consents;
    for (const Consent& c : AggregationStore(db_).consents(patent_id)) {
      if (c.scope == ConsentScope::kAssignment) consents.push_back(c.institution);
    }
    h.periods.push_back(OwnerPeriod{h.aggregation->date, "assignment",
                                    {Owner{h.aggregation->aggregator, Fraction::one()}},
                                    distinct(consents), "", "", h.aggregation->reason});
  }
  h.owners_of_record = owners_on(h.periods, patent.owners, h.as_of);
  // The beneficiaries: an assignment's snapshot, else the owners in force.
  h.beneficiaries = beneficiaries(h.owners_of_record, h.aggregation);
  return h;
}

}  // namespace chizai
