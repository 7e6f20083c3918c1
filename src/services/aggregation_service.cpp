#include "services/aggregation_service.h"

#include <algorithm>

#include "io/json_writer.h"
#include "io/registry_json.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "store/aggregation_store.h"
#include "store/lookup.h"
#include "store/ownership_store.h"
#include "store/registry_store.h"

namespace chizai {

void write_evaluation_json(JsonWriter& w, const Evaluation& e) {
  w.begin_object()
      .field("id", static_cast<std::int64_t>(e.id))
      .field("date", e.date.to_string())
      .field("technology", e.technology)
      .field("market", e.market)
      .field("rights", e.rights)
      .field("evaluator", e.evaluator)
      .field("decision", to_string(e.decision))
      .field("reason", e.reason)
      .end_object();
}
namespace {

Error unknown_institution(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_institution",
                    "unknown institution code '" + code + "'", "institution");
}

// A patent as the user typed it (RegistryService::lookup_patent: any
// accepted spelling, or the US series form; a malformed number says why).
Result<AggregationPatent> load_patent(AggregationStore& store, Database& db, const std::string& raw) {
  auto found = RegistryService(db).lookup_patent(raw);
  if (!found) return found.error();
  auto p = store.find_patent(found->patent.application_number);
  if (!p) return make_error(ErrorKind::kInternal, "invariant_violated", "patent " + raw + " vanished");
  return std::move(*p);
}

AggregationView view_of(AggregationStore& store, const AggregationPatent& p, std::optional<Aggregation> aggregation,
                        std::vector<Consent> consents, Date as_of) {
  AggregationView v;
  v.application = p.patent.application_number;
  v.title = p.patent.title;
  v.filing_date = p.patent.filing_date;
  v.owners = p.patent.owners;
  v.aggregation = std::move(aggregation);
  v.as_of = as_of;
  v.owner_of_record = owner_of_record(v.owners, v.aggregation, as_of);
  v.beneficiaries = beneficiaries(v.owners, v.aggregation);
  v.consents = std::move(consents);
  v.evaluations = store.evaluations(p.id);
  v.latest_evaluation = latest_evaluation(v.evaluations);
  return v;
}

AggregationView build_view(AggregationStore& store, const AggregationPatent& p, Date as_of) {
  return view_of(store, p, store.aggregation(p.id), store.consents(p.id), as_of);
}

// ---- writes -----------------------------------------------------------------


std::string aggregation_detail(const Patent& p, const std::string& aggregator,
                               const AggregationRequest& r) {
  JsonWriter w;
  w.begin_object()
      .field("aggregator", aggregator)
      .field("mode", to_string(r.mode))
      .field("date", r.date.to_string())
      .field("reason", r.reason);
  write_owners_json(w, "owners", p.owners);
  write_owners_json(w, "beneficiaries", beneficiaries_for(p.owners, r.mode));
  w.end_object();
  return w.take();
}

std::string evaluation_detail(const Evaluation& e) {
  JsonWriter w;
  write_evaluation_json(w, e);
  return w.take();
}

std::string consent_detail(const Consent& c) {
  JsonWriter w;
  w.begin_object()
      .field("institution", c.institution)
      .field("scope", to_string(c.scope))
      .field("date", c.date.to_string())
      .end_object();
  return w.take();
}

}  // namespace

Result<AggregationView> AggregationService::aggregate(const std::string& number,
                                                      const AggregationRequest& request) {
  WriteTransaction tx(db_);
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  const std::string& code = settings_.aggregator_code;
  const auto aggregator_id = find_institution_id(db_, code);
  const auto aggregator = aggregator_id ? RegistryStore(db_).find_institution(code) : std::nullopt;
  if (!aggregator) {
    return make_error(ErrorKind::kNotFound, "unknown_aggregator",
                      "the aggregator institution '" + code +
                          "' (scheme.aggregator) is not registered: import it as an institution "
                          "of kind aggregator first");
  }
  const auto existing = store.aggregation(p->id);
  auto consents = store.consents(p->id);
  if (auto ok = check_aggregation(p->patent, *aggregator, existing, consents, request); !ok) {
    return ok.error();
  }
  // The beneficiaries are the owners of record on the assignment's day: the
  // registered owners, unless a later transfer made them so.
  if (const auto periods = OwnershipStore(db_).periods(p->id);
      request.mode == AggregationMode::kAssignment && !periods.empty() && request.date < periods.back().valid_from) {
    return make_error(ErrorKind::kConflict, "transfer_out_of_order",
                      "the assignment date " + request.date.to_string() + " is before the transfer of " +
                          p->patent.application_number + " on " + periods.back().valid_from.to_string() +
                          ": an assignment takes the owners of record from the last transfer on",
                      "date");
  }
  store.insert_aggregation(p->id, *aggregator_id, request,
                           beneficiaries_for(p->patent.owners, request.mode));
  record_change(db_, actor_, "aggregate", "patent", p->patent.application_number,
                aggregation_detail(p->patent, code, request));
  Aggregation made{code, request.mode, request.date, request.reason,
                   beneficiaries_for(p->patent.owners, request.mode)};
  AggregationView view =
      view_of(store, p.value(), std::move(made), std::move(consents), request.date);
  tx.commit();
  return view;
}

Result<Evaluation> AggregationService::evaluate(const std::string& number, Evaluation evaluation) {
  if (auto ok = check_evaluation(evaluation); !ok) return ok.error();
  WriteTransaction tx(db_);
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  evaluation.id = store.insert_evaluation(p->id, evaluation);
  record_change(db_, actor_, "evaluate", "patent", p->patent.application_number,
                evaluation_detail(evaluation));
  tx.commit();
  return evaluation;
}

Result<std::vector<Evaluation>> AggregationService::evaluations(const std::string& number) {
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  return store.evaluations(p->id);
}

Result<ConsentOutcome> AggregationService::add_consent(const std::string& number,
                                                       const Consent& consent) {
  WriteTransaction tx(db_);
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  const auto institution_id = find_institution_id(db_, consent.institution);
  if (!institution_id) return unknown_institution(consent.institution);
  if (auto ok = check_consenting_owner(p->patent, consent.institution); !ok) return ok.error();
  for (const auto& c : store.consents(p->id)) {
    if (c.institution != consent.institution || c.scope != consent.scope) continue;
    return ConsentOutcome{p->patent.application_number, c, false};  // on record: a no-op
  }
  store.insert_consent(p->id, *institution_id, consent);
  record_change(db_, actor_, "consent.add", "patent", p->patent.application_number,
                consent_detail(consent));
  tx.commit();
  return ConsentOutcome{p->patent.application_number, consent, true};
}

Result<std::vector<Consent>> AggregationService::consents(const std::string& number) {
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  return store.consents(p->id);
}

Result<std::vector<std::string>> AggregationService::missing_consents(const std::string& number,
                                                                      ConsentScope scope, Date on) {
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  const auto periods = OwnershipStore(db_).periods(p->id);
  const auto owners = chizai::owner_of_record(owners_on(periods, p->patent.owners, on), store.aggregation(p->id), on);
  return chizai::missing_consents(owners, store.consents(p->id), scope, on);
}

Result<std::vector<Owner>> AggregationService::owner_of_record(const std::string& number, Date on) {
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  const auto periods = OwnershipStore(db_).periods(p->id);
  return chizai::owner_of_record(owners_on(periods, p->patent.owners, on), store.aggregation(p->id), on);
}

Result<std::vector<Owner>> AggregationService::beneficiaries(const std::string& number, Date on) {
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  const auto aggregation = store.aggregation(p->id);
  if (aggregation && aggregation->mode == AggregationMode::kAssignment && aggregation->date <= on) {
    return aggregation->beneficiaries;
  }
  // Routing a payment asks this per licensed patent: the periods are read
  // only for a patent ever transferred (a prepared look-up says so).
  OwnershipStore ownership(db_);
  if (!ownership.ever_transferred(p->patent.application_number)) return p->patent.owners;
  return owners_on(ownership.periods(p->id), p->patent.owners, on);
}

Result<AggregationView> AggregationService::show(const std::string& number, Date as_of) {
  AggregationStore store(db_);
  auto p = load_patent(store, db_, number);
  if (!p) return p.error();
  return build_view(store, p.value(), as_of);
}

std::optional<Aggregation> AggregationService::aggregation_of(const std::string& application_number) {
  return AggregationStore(db_).aggregation_by_number(application_number);
}

Result<PatentDetail> AggregationService::patent_detail(const std::string& number) {
  // One read transaction for the whole: a consistent view, and on SQLite one
  // WAL read lock instead of one per statement (GET /patents/{number}).
  ReadSnapshot snapshot(db_);
  auto stored = RegistryService(db_).lookup_patent(number);
  if (!stored) return stored.error();
  auto aggregation = aggregation_of(stored->patent.application_number);
  PatentDetail out{std::move(*stored), std::move(aggregation), {}, {}, today_local()};
  // Most patents were never transferred: their registered owners are their
  // owners today, with no further reads (a per-request cost of this route).
  OwnershipStore ownership(db_);
  std::vector<OwnerPeriod> periods;
  if (ownership.ever_transferred(out.stored.patent.application_number)) {
    const auto p = AggregationStore(db_).find_patent(out.stored.patent.application_number);
    periods = ownership.periods(p->id);
  }
  const auto& owners = owners_on(periods, out.stored.patent.owners, out.as_of);
  out.owners_of_record = chizai::owner_of_record(owners, out.aggregation, out.as_of);
  out.beneficiaries = chizai::beneficiaries(owners, out.aggregation);
  return out;
}

Result<Page<AggregatedPatent>> AggregationService::list(const AggregationFilter& filter,
                                                       const PageRequest& page) {
  if (!filter.institution.empty() && !find_institution_id(db_, filter.institution)) {
    return unknown_institution(filter.institution);
  }
  AggregationStore store(db_);
  auto rows = store.list_aggregations(filter, page);
  std::vector<long long> ids;
  for (const auto& r : rows.items) ids.push_back(r.patent_id);
  OwnersByPatent owners = store.owners_of(ids);
  auto evaluations = store.evaluations_of(ids);
  Page<AggregatedPatent> out;
  out.next = std::move(rows.next);
  for (auto& r : rows.items) {
    auto originating = chizai::beneficiaries(owners[r.patent_id], r.aggregation);
    out.items.push_back(AggregatedPatent{r.application, r.title, r.title_ja, std::move(r.aggregation),
                                         std::move(originating),
                                         latest_evaluation(evaluations[r.patent_id])});
  }
  return out;
}

}  // namespace chizai
