#include "services/aggregation_service.h"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "io/json_writer.h"
#include "registry/numbers.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "store/sql_util.h"
#include "store/stored_values.h"

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

// ---- reading stored values ------------------------------------------------

// ---- local queries over the scheme's tables -------------------------------

struct PatentRef {
  long long id = 0;
  Patent patent;
};

Error unknown_patent(const std::string& raw) {
  return make_error(ErrorKind::kNotFound, "unknown_patent", "no patent with application number '" + raw + "'", "number");
}

struct InstitutionRef {
  long long id = 0;
  Institution institution;
};

std::optional<InstitutionRef> load_institution(Database& db, const std::string& code) {
  InstitutionRef out;
  std::string kind;
  db.sql() << "SELECT id, kind, name_en, name_ja, country FROM institution WHERE code = :c",
      soci::use(code), soci::into(out.id), soci::into(kind), soci::into(out.institution.name_en),
      soci::into(out.institution.name_ja), soci::into(out.institution.country);
  if (!db.sql().got_data()) return std::nullopt;
  out.institution.code = code;
  out.institution.kind = stored_enum(parse_institution_kind, kind);
  return out;
}

// Rows for one patent (`only`), or for every aggregated patent.
std::string patent_scope(const char* column, const long long* only) {
  return only ? std::string(" WHERE ") + column + " = :p"
              : std::string(" WHERE ") + column + " IN (SELECT patent_id FROM aggregation)";
}

template <class Fn>
void each_row(soci::details::prepare_temp_type& prep, const long long* only, Fn fn) {
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) fn();
}

using OwnersById = std::map<long long, std::vector<Owner>>;

// Beneficiaries in the order the owners were registered while they still
// are, then by code.
constexpr const char* kBeneficiarySelect =
    "SELECT b.patent_id, i.code, b.share_num, b.share_den FROM beneficiary b "
    "JOIN institution i ON i.id = b.institution_id LEFT JOIN patent_owner po "
    "ON po.patent_id = b.patent_id AND po.institution_id = b.institution_id";
constexpr const char* kBeneficiaryOrder =
    " ORDER BY b.patent_id, CASE WHEN po.position IS NULL THEN 1 ELSE 0 END, po.position, i.code";

OwnersById load_beneficiaries(Database& db, const long long* only) {
  OwnersById out;
  long long patent_id = 0, num = 0, den = 0;
  std::string code;
  soci::details::prepare_temp_type prep =
      (db.sql().prepare << kBeneficiarySelect << patent_scope("b.patent_id", only) << kBeneficiaryOrder);
  prep, soci::into(patent_id), soci::into(code), soci::into(num), soci::into(den);
  each_row(prep, only, [&] { out[patent_id].push_back(Owner{code, stored_share(num, den)}); });
  return out;
}

// One patent's aggregation by its number, the statements prepared once per
// connection (Database::kept): GET /patents/{number} reads it per request.
struct AggregationLookup {
  explicit AggregationLookup(Database& db)
      : aggregation((db.sql().prepare << "SELECT a.patent_id, i.code, a.mode, a.aggregated_on, a.reason "
                                         "FROM aggregation a JOIN patent p ON p.id = a.patent_id "
                                         "JOIN institution i ON i.id = a.aggregator_id "
                                         "WHERE p.application_number = :n",
                     soci::into(patent_id), soci::into(row.aggregator), soci::into(mode), soci::into(on),
                     soci::into(row.reason), soci::use(number))),
        beneficiaries((db.sql().prepare << kBeneficiarySelect << " WHERE b.patent_id = :p" << kBeneficiaryOrder,
                       soci::into(owner_patent), soci::into(code), soci::into(num), soci::into(den),
                       soci::use(patent_id))) {}

  std::optional<Aggregation> find(const std::string& wanted) {
    number = wanted;
    std::optional<Aggregation> out;
    // Stepped to the end, so that on SQLite no read snapshot stays open.
    aggregation.execute();
    while (aggregation.fetch()) {
      out = row;
      out->mode = stored_enum(parse_aggregation_mode, mode);
      out->date = stored_date(on);
    }
    if (!out) return out;
    beneficiaries.execute();
    while (beneficiaries.fetch()) out->beneficiaries.push_back(Owner{code, stored_share(num, den)});
    return out;
  }

 private:
  // Bound variables first (members are made in this order): the statements refer to them.
  std::string number, mode, on, code;
  long long patent_id = 0, owner_patent = 0, num = 0, den = 0;
  Aggregation row;
  soci::statement aggregation, beneficiaries;
};

OwnersById load_owners(Database& db, const long long* only) {
  OwnersById out;
  long long patent_id = 0, num = 0, den = 0;
  std::string code;
  soci::details::prepare_temp_type prep =
      (db.sql().prepare << "SELECT po.patent_id, i.code, po.share_num, po.share_den FROM "
                           "patent_owner po JOIN institution i ON i.id = po.institution_id"
                        << patent_scope("po.patent_id", only)
                        << " ORDER BY po.patent_id, po.position");
  prep, soci::into(patent_id), soci::into(code), soci::into(num), soci::into(den);
  each_row(prep, only, [&] { out[patent_id].push_back(Owner{code, stored_share(num, den)}); });
  return out;
}

// The patent's number, filing date, title and owners: what the rules need.
std::optional<PatentRef> find_patent_row(Database& db, const std::string& number) {
  PatentRef out;
  std::string filed;
  db.sql()
      << "SELECT id, jurisdiction, filing_date, title FROM patent WHERE application_number = :n",
      soci::use(number), soci::into(out.id), soci::into(out.patent.jurisdiction), soci::into(filed),
      soci::into(out.patent.title);
  if (!db.sql().got_data()) return std::nullopt;
  out.patent.application_number = number;
  out.patent.filing_date = stored_date(filed);
  out.patent.owners = std::move(load_owners(db, &out.id)[out.id]);
  return out;
}

// A patent as the user typed it: any accepted spelling, else the text as is.
Result<PatentRef> load_patent(Database& db, const std::string& raw) {
  if (auto n = normalize_application_number(raw); n.ok()) {
    if (auto p = find_patent_row(db, n->canonical)) return std::move(*p);
  }
  if (auto p = find_patent_row(db, raw)) return std::move(*p);
  return unknown_patent(raw);
}

std::map<long long, std::vector<Evaluation>> load_evaluations(Database& db, const long long* only) {
  std::map<long long, std::vector<Evaluation>> out;
  long long patent_id = 0, id = 0, technology = 0, market = 0, rights = 0;
  std::string on, evaluator, decision, reason;
  soci::details::prepare_temp_type prep =
      (db.sql().prepare << "SELECT patent_id, id, evaluated_on, technology, market, rights, "
                           "evaluator, decision, reason FROM evaluation"
                        << patent_scope("patent_id", only)
                        << " ORDER BY patent_id, evaluated_on, id");
  prep, soci::into(patent_id), soci::into(id), soci::into(on), soci::into(technology),
      soci::into(market), soci::into(rights), soci::into(evaluator), soci::into(decision),
      soci::into(reason);
  each_row(prep, only, [&] {
    out[patent_id].push_back(Evaluation{id, stored_date(on), static_cast<int>(technology),
                                        static_cast<int>(market), static_cast<int>(rights),
                                        evaluator, stored_enum(parse_evaluation_decision, decision),
                                        reason});
  });
  return out;
}

std::vector<Consent> load_consents(Database& db, long long patent_id) {
  std::vector<Consent> out;
  std::string code, scope, on;
  soci::statement st =
      (db.sql().prepare << "SELECT i.code, c.scope, c.consented_on FROM consent c JOIN "
                           "institution i ON i.id = c.institution_id WHERE c.patent_id = :p "
                           "ORDER BY i.code, c.scope",
       soci::use(patent_id), soci::into(code), soci::into(scope), soci::into(on));
  st.execute();
  while (st.fetch())
    out.push_back(Consent{code, stored_enum(parse_consent_scope, scope), stored_date(on)});
  return out;
}

struct AggregationRow {
  long long patent_id = 0;
  std::string application, title;
  Aggregation aggregation;
};

std::vector<AggregationRow> load_aggregations(Database& db, const long long* only) {
  std::vector<AggregationRow> out;
  AggregationRow r;
  std::string mode, on;
  soci::details::prepare_temp_type prep =
      (db.sql().prepare << "SELECT a.patent_id, p.application_number, p.title, i.code, a.mode, "
                           "a.aggregated_on, a.reason FROM aggregation a JOIN patent p ON p.id = "
                           "a.patent_id JOIN institution i ON i.id = a.aggregator_id"
                        << (only ? " WHERE a.patent_id = :p" : "")
                        << " ORDER BY p.application_number");
  prep, soci::into(r.patent_id), soci::into(r.application), soci::into(r.title),
      soci::into(r.aggregation.aggregator), soci::into(mode), soci::into(on),
      soci::into(r.aggregation.reason);
  each_row(prep, only, [&] {
    r.aggregation.mode = stored_enum(parse_aggregation_mode, mode);
    r.aggregation.date = stored_date(on);
    out.push_back(r);
  });
  if (out.empty()) return out;
  OwnersById beneficiaries = load_beneficiaries(db, only);
  for (auto& row : out) row.aggregation.beneficiaries = std::move(beneficiaries[row.patent_id]);
  return out;
}

std::optional<Aggregation> load_aggregation(Database& db, long long patent_id) {
  auto rows = load_aggregations(db, &patent_id);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front().aggregation);
}

std::vector<Evaluation> evaluations_of(Database& db, long long patent_id) {
  auto all = load_evaluations(db, &patent_id);
  return std::move(all[patent_id]);
}

AggregationView view_of(Database& db, const PatentRef& p, std::optional<Aggregation> aggregation,
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
  v.evaluations = evaluations_of(db, p.id);
  v.latest_evaluation = latest_evaluation(v.evaluations);
  return v;
}

AggregationView build_view(Database& db, const PatentRef& p, Date as_of) {
  return view_of(db, p, load_aggregation(db, p.id), load_consents(db, p.id), as_of);
}

// ---- writes -----------------------------------------------------------------

void write_owners(JsonWriter& w, const char* key, const std::vector<Owner>& owners) {
  w.key(key).begin_array();
  for (const auto& o : owners) {
    w.begin_object()
        .field("institution", o.institution)
        .field("share", o.share.to_string())
        .end_object();
  }
  w.end_array();
}

void insert_aggregation(Database& db, const PatentRef& p, long long aggregator_id,
                        const AggregationRequest& r) {
  const std::string mode = to_string(r.mode), on = r.date.to_string();
  db.sql() << "INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason) "
              "VALUES (:p, :a, :m, :d, :r)",
      soci::use(p.id), soci::use(aggregator_id), soci::use(mode), soci::use(on),
      soci::use(r.reason);
  for (const auto& o : beneficiaries_for(p.patent.owners, r.mode)) {
    long long num = o.share.num(), den = o.share.den();
    db.sql() << "INSERT INTO beneficiary (patent_id, institution_id, share_num, share_den) "
                "SELECT :p, id, :n, :d FROM institution WHERE code = :c",
        soci::use(p.id), soci::use(num), soci::use(den), soci::use(o.institution);
  }
}

long long insert_evaluation(Database& db, long long patent_id, const Evaluation& e) {
  const std::string on = e.date.to_string(), decision = to_string(e.decision);
  long long technology = e.technology, market = e.market, rights = e.rights, id = 0;
  const std::string sql =
      "INSERT INTO evaluation (patent_id, evaluated_on, technology, market, rights, evaluator, "
      "decision, reason) VALUES (:p, :d, :t, :m, :r, :e, :c, :why)";
  if (db.backend() == Backend::kPostgres) {
    db.sql() << sql + " RETURNING id", soci::use(patent_id), soci::use(on), soci::use(technology),
        soci::use(market), soci::use(rights), soci::use(e.evaluator), soci::use(decision),
        soci::use(e.reason), soci::into(id);
  } else {
    db.sql() << sql, soci::use(patent_id), soci::use(on), soci::use(technology), soci::use(market),
        soci::use(rights), soci::use(e.evaluator), soci::use(decision), soci::use(e.reason);
    db.sql().get_last_insert_id("evaluation", id);
  }
  return id;
}

std::string aggregation_detail(const Patent& p, const std::string& aggregator,
                               const AggregationRequest& r) {
  JsonWriter w;
  w.begin_object()
      .field("aggregator", aggregator)
      .field("mode", to_string(r.mode))
      .field("date", r.date.to_string())
      .field("reason", r.reason);
  write_owners(w, "owners", p.owners);
  write_owners(w, "beneficiaries", beneficiaries_for(p.owners, r.mode));
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
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  const std::string& code = settings_.aggregator_code;
  auto aggregator = load_institution(db_, code);
  if (!aggregator) {
    return make_error(ErrorKind::kNotFound, "unknown_aggregator",
                      "the aggregator institution '" + code +
                          "' (scheme.aggregator) is not registered: import it as an institution "
                          "of kind aggregator first");
  }
  const auto existing = load_aggregation(db_, p->id);
  auto consents = load_consents(db_, p->id);
  if (auto ok = check_aggregation(p->patent, aggregator->institution, existing, consents, request);
      !ok) {
    return ok.error();
  }
  insert_aggregation(db_, p.value(), aggregator->id, request);
  record_change(db_, actor_, "aggregate", "patent", p->patent.application_number,
                aggregation_detail(p->patent, code, request));
  Aggregation made{code, request.mode, request.date, request.reason,
                   beneficiaries_for(p->patent.owners, request.mode)};
  AggregationView view =
      view_of(db_, p.value(), std::move(made), std::move(consents), request.date);
  tx.commit();
  return view;
}

Result<Evaluation> AggregationService::evaluate(const std::string& number, Evaluation evaluation) {
  if (auto ok = check_evaluation(evaluation); !ok) return ok.error();
  WriteTransaction tx(db_);
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  evaluation.id = insert_evaluation(db_, p->id, evaluation);
  record_change(db_, actor_, "evaluate", "patent", p->patent.application_number,
                evaluation_detail(evaluation));
  tx.commit();
  return evaluation;
}

Result<std::vector<Evaluation>> AggregationService::evaluations(const std::string& number) {
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  return evaluations_of(db_, p->id);
}

Result<ConsentOutcome> AggregationService::add_consent(const std::string& number,
                                                       const Consent& consent) {
  WriteTransaction tx(db_);
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  auto inst = load_institution(db_, consent.institution);
  if (!inst) {
    return make_error(ErrorKind::kNotFound, "unknown_institution",
                      "unknown institution code '" + consent.institution + "'", "institution");
  }
  if (auto ok = check_consenting_owner(p->patent, consent.institution); !ok) return ok.error();
  for (const auto& c : load_consents(db_, p->id)) {
    if (c.institution != consent.institution || c.scope != consent.scope) continue;
    return ConsentOutcome{p->patent.application_number, c, false};  // on record: a no-op
  }
  const std::string scope = to_string(consent.scope), on = consent.date.to_string();
  db_.sql() << "INSERT INTO consent (patent_id, institution_id, scope, consented_on) "
               "VALUES (:p, :i, :s, :d)",
      soci::use(p->id), soci::use(inst->id), soci::use(scope), soci::use(on);
  record_change(db_, actor_, "consent.add", "patent", p->patent.application_number,
                consent_detail(consent));
  tx.commit();
  return ConsentOutcome{p->patent.application_number, consent, true};
}

Result<std::vector<Consent>> AggregationService::consents(const std::string& number) {
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  return load_consents(db_, p->id);
}

Result<std::vector<std::string>> AggregationService::missing_consents(const std::string& number,
                                                                      ConsentScope scope, Date on) {
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  const auto owners = chizai::owner_of_record(p->patent.owners, load_aggregation(db_, p->id), on);
  return chizai::missing_consents(owners, load_consents(db_, p->id), scope, on);
}

Result<std::vector<Owner>> AggregationService::owner_of_record(const std::string& number, Date on) {
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  return chizai::owner_of_record(p->patent.owners, load_aggregation(db_, p->id), on);
}

Result<std::vector<Owner>> AggregationService::beneficiaries(const std::string& number) {
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  return chizai::beneficiaries(p->patent.owners, load_aggregation(db_, p->id));
}

Result<AggregationView> AggregationService::show(const std::string& number, Date as_of) {
  auto p = load_patent(db_, number);
  if (!p) return p.error();
  return build_view(db_, p.value(), as_of);
}

std::optional<Aggregation> AggregationService::aggregation_of(const std::string& application_number) {
  return db_.kept<AggregationLookup>().find(application_number);
}

std::optional<PatentDetail> AggregationService::patent_detail(const std::string& number) {
  // One read transaction for the whole: a consistent view, and on SQLite one
  // WAL read lock instead of one per statement (GET /patents/{number}).
  ReadSnapshot snapshot(db_);
  auto stored = RegistryService(db_).find_patent(number);
  if (!stored) return std::nullopt;
  auto aggregation = aggregation_of(stored->patent.application_number);
  return PatentDetail{std::move(*stored), std::move(aggregation)};
}

Result<std::vector<AggregatedPatent>> AggregationService::list(const AggregationFilter& filter) {
  if (!filter.institution.empty() && !load_institution(db_, filter.institution)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution",
                      "unknown institution code '" + filter.institution + "'", "institution");
  }
  auto rows = load_aggregations(db_, nullptr);
  OwnersById owners = load_owners(db_, nullptr);
  auto evaluations = load_evaluations(db_, nullptr);
  std::vector<AggregatedPatent> out;
  for (auto& r : rows) {
    if (filter.mode && r.aggregation.mode != *filter.mode) continue;
    auto originating = chizai::beneficiaries(owners[r.patent_id], r.aggregation);
    if (!filter.institution.empty() &&
        std::none_of(originating.begin(), originating.end(),
                     [&](const Owner& o) { return o.institution == filter.institution; })) {
      continue;
    }
    out.push_back(AggregatedPatent{r.application, r.title, std::move(r.aggregation),
                                   std::move(originating),
                                   latest_evaluation(evaluations[r.patent_id])});
  }
  return out;
}

}  // namespace chizai
