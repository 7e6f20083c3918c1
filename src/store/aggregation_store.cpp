#include "store/aggregation_store.h"

#include <soci/soci.h>

#include "store/sql_util.h"
#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {
namespace {

// " WHERE <column> IN (…)": rows of the patents `ids` (decimal row ids,
// written into the SQL). REQUIRES: ids is not empty.
std::string patent_scope(const char* column, const std::vector<long long>& ids) {
  std::string sql = std::string(" WHERE ") + column + " IN (";
  for (std::size_t i = 0; i < ids.size(); ++i) sql += (i ? "," : "") + std::to_string(ids[i]);
  return sql + ")";
}

template <class Fn>
void each_row(soci::details::prepare_temp_type& prep, Fn fn) {
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) fn();
}

// Beneficiaries in the order the owners were registered while they still
// are, then by code.
constexpr const char* kBeneficiarySelect =
    "SELECT b.patent_id, i.code, b.share_num, b.share_den FROM beneficiary b "
    "JOIN institution i ON i.id = b.institution_id LEFT JOIN patent_owner po "
    "ON po.patent_id = b.patent_id AND po.institution_id = b.institution_id";
constexpr const char* kBeneficiaryOrder =
    " ORDER BY b.patent_id, CASE WHEN po.position IS NULL THEN 1 ELSE 0 END, po.position, i.code";

OwnersByPatent load_beneficiaries(Database& db, const std::vector<long long>& ids) {
  OwnersByPatent out;
  long long patent_id = 0, num = 0, den = 0;
  std::string code;
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare << kBeneficiarySelect << patent_scope("b.patent_id", ids) << kBeneficiaryOrder);
  prep, soci::into(patent_id), soci::into(code), soci::into(num), soci::into(den);
  each_row(prep, [&] { out[patent_id].push_back(Owner{code, stored_share(num, den)}); });
  return out;
}

OwnersByPatent load_owners(Database& db, const std::vector<long long>& ids) {
  OwnersByPatent out;
  long long patent_id = 0, num = 0, den = 0;
  std::string code;
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare << "SELECT po.patent_id, i.code, po.share_num, po.share_den FROM "
                           "patent_owner po JOIN institution i ON i.id = po.institution_id"
                        << patent_scope("po.patent_id", ids)
                        << " ORDER BY po.patent_id, po.position");
  prep, soci::into(patent_id), soci::into(code), soci::into(num), soci::into(den);
  each_row(prep, [&] { out[patent_id].push_back(Owner{code, stored_share(num, den)}); });
  return out;
}

EvaluationsByPatent load_evaluations(Database& db, const std::vector<long long>& ids) {
  EvaluationsByPatent out;
  long long patent_id = 0, id = 0, technology = 0, market = 0, rights = 0;
  std::string on, evaluator, decision, reason;
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare << "SELECT patent_id, id, evaluated_on, technology, market, rights, "
                           "evaluator, decision, reason FROM evaluation"
                        << patent_scope("patent_id", ids)
                        << " ORDER BY patent_id, evaluated_on, id");
  prep, soci::into(patent_id), soci::into(id), soci::into(on), soci::into(technology),
      soci::into(market), soci::into(rights), soci::into(evaluator), soci::into(decision),
      soci::into(reason);
  each_row(prep, [&] {
    out[patent_id].push_back(Evaluation{id, stored_date(on), static_cast<int>(technology),
                                        static_cast<int>(market), static_cast<int>(rights),
                                        evaluator, stored_enum(parse_evaluation_decision, decision),
                                        reason});
  });
  return out;
}

// The aggregations `where` selects (binds made by `bind`), in
// application-number order after `order_tail` (" LIMIT …" or ""), with their
// beneficiaries.
template <class Bind>
std::vector<AggregationRecord> load_aggregations(Database& db, const std::string& where,
                                                 const std::string& order_tail, Bind bind) {
  std::vector<AggregationRecord> out;
  AggregationRecord r;
  std::string mode, on;
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare << "SELECT a.patent_id, p.application_number, p.title, "
                           "COALESCE(p.title_ja, ''), i.code, a.mode, "
                           "a.aggregated_on, a.reason FROM aggregation a JOIN patent p ON p.id = "
                           "a.patent_id JOIN institution i ON i.id = a.aggregator_id WHERE "
                        << where << " ORDER BY p.application_number" << order_tail);
  prep, soci::into(r.patent_id), soci::into(r.application), soci::into(r.title),
      soci::into(r.title_ja), soci::into(r.aggregation.aggregator), soci::into(mode), soci::into(on),
      soci::into(r.aggregation.reason);
  bind(prep);
  each_row(prep, [&] {
    r.aggregation.mode = stored_enum(parse_aggregation_mode, mode);
    r.aggregation.date = stored_date(on);
    out.push_back(r);
  });
  if (out.empty()) return out;
  std::vector<long long> ids;
  for (const auto& row : out) ids.push_back(row.patent_id);
  OwnersByPatent beneficiaries = load_beneficiaries(db, ids);
  for (auto& row : out) row.aggregation.beneficiaries = std::move(beneficiaries[row.patent_id]);
  return out;
}

// The page's filter: the originating institutions are the beneficiaries of
// an assignment and the registered owners otherwise, as beneficiaries()
// (portfolio/aggregation.h) says. Binds :after, :mode, :inst, :inst2.
std::string page_where(const AggregationListFilter& filter) {
  std::string where = "p.application_number > :after";
  if (filter.mode) where += " AND a.mode = :mode";
  if (!filter.institution.empty()) {
    where +=
        " AND ((a.mode = 'assignment' AND a.patent_id IN (SELECT b.patent_id FROM beneficiary b JOIN "
        "institution bi ON bi.id = b.institution_id WHERE bi.code = :inst)) OR (a.mode <> 'assignment' "
        "AND a.patent_id IN (SELECT po.patent_id FROM patent_owner po JOIN institution oi ON oi.id = "
        "po.institution_id WHERE oi.code = :inst2)))";
  }
  return where;
}

// One patent's aggregation by its number, the statements prepared once per
// connection (Database::kept): GET /patents/{number} reads it per request.
struct AggregationLookup {
  explicit AggregationLookup(Database& db)
      : aggregation((soci_session(db).prepare << "SELECT a.patent_id, i.code, a.mode, a.aggregated_on, a.reason "
                                         "FROM aggregation a JOIN patent p ON p.id = a.patent_id "
                                         "JOIN institution i ON i.id = a.aggregator_id "
                                         "WHERE p.application_number = :n",
                     soci::into(patent_id), soci::into(row.aggregator), soci::into(mode), soci::into(on),
                     soci::into(row.reason), soci::use(number))),
        beneficiaries((soci_session(db).prepare << kBeneficiarySelect << " WHERE b.patent_id = :p" << kBeneficiaryOrder,
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

}  // namespace

std::optional<AggregationPatent> AggregationStore::find_patent(const std::string& number) {
  AggregationPatent out;
  std::string filed;
  soci_session(db_)
      << "SELECT id, jurisdiction, filing_date, title FROM patent WHERE application_number = :n",
      soci::use(number), soci::into(out.id), soci::into(out.patent.jurisdiction), soci::into(filed),
      soci::into(out.patent.title);
  if (!soci_session(db_).got_data()) return std::nullopt;
  out.patent.application_number = number;
  out.patent.filing_date = stored_date(filed);
  out.patent.owners = std::move(load_owners(db_, {out.id})[out.id]);
  return out;
}

std::optional<Aggregation> AggregationStore::aggregation(long long patent_id) {
  auto rows = load_aggregations(db_, "a.patent_id = :p", "",
                                [&](soci::details::prepare_temp_type& prep) { prep, soci::use(patent_id); });
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front().aggregation);
}

std::optional<Aggregation> AggregationStore::aggregation_by_number(const std::string& application_number) {
  return db_.kept<AggregationLookup>().find(application_number);
}

Page<AggregationRecord> AggregationStore::list_aggregations(const AggregationListFilter& filter,
                                                           const PageRequest& page) {
  const std::string mode = filter.mode ? to_string(*filter.mode) : "";
  auto rows = load_aggregations(db_, page_where(filter), " LIMIT " + std::to_string(fetch_limit(page)),
                                [&](soci::details::prepare_temp_type& prep) {
                                  prep, soci::use(page.after);
                                  if (filter.mode) prep, soci::use(mode);
                                  if (!filter.institution.empty()) {
                                    prep, soci::use(filter.institution), soci::use(filter.institution);
                                  }
                                });
  return page_of_rows(std::move(rows), page.limit, [](const AggregationRecord& r) { return r.application; });
}

OwnersByPatent AggregationStore::owners_of(const std::vector<long long>& patent_ids) {
  return patent_ids.empty() ? OwnersByPatent{} : load_owners(db_, patent_ids);
}

std::vector<Evaluation> AggregationStore::evaluations(long long patent_id) {
  auto all = load_evaluations(db_, {patent_id});
  return std::move(all[patent_id]);
}

EvaluationsByPatent AggregationStore::evaluations_of(const std::vector<long long>& patent_ids) {
  return patent_ids.empty() ? EvaluationsByPatent{} : load_evaluations(db_, patent_ids);
}

std::vector<Consent> AggregationStore::consents(long long patent_id) {
  std::vector<Consent> out;
  std::string code, scope, on;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT i.code, c.scope, c.consented_on FROM consent c JOIN "
                            "institution i ON i.id = c.institution_id WHERE c.patent_id = :p "
                            "ORDER BY i.code, c.scope",
       soci::use(patent_id), soci::into(code), soci::into(scope), soci::into(on));
  st.execute();
  while (st.fetch())
    out.push_back(Consent{code, stored_enum(parse_consent_scope, scope), stored_date(on)});
  return out;
}

void AggregationStore::insert_aggregation(long long patent_id, long long aggregator_id,
                                          const AggregationRequest& r,
                                          const std::vector<Owner>& beneficiaries) {
  const std::string mode = to_string(r.mode), on = r.date.to_string();
  db_.facts_changed(patent_id);  // an assignment makes the aggregator the payer (Database::facts_changed)
  soci_session(db_) << "INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason) "
               "VALUES (:p, :a, :m, :d, :r)",
      soci::use(patent_id), soci::use(aggregator_id), soci::use(mode), soci::use(on),
      soci::use(r.reason);
  for (const auto& o : beneficiaries) {
    long long num = o.share.num(), den = o.share.den();
    soci_session(db_) << "INSERT INTO beneficiary (patent_id, institution_id, share_num, share_den) "
                 "SELECT :p, id, :n, :d FROM institution WHERE code = :c",
        soci::use(patent_id), soci::use(num), soci::use(den), soci::use(o.institution);
  }
}

long long AggregationStore::insert_evaluation(long long patent_id, const Evaluation& e) {
  const std::string on = e.date.to_string(), decision = to_string(e.decision);
  long long technology = e.technology, market = e.market, rights = e.rights;
  return insert_row(db_, "evaluation",
                    "INSERT INTO evaluation (patent_id, evaluated_on, technology, market, rights, "
                    "evaluator, decision, reason) VALUES (:p, :d, :t, :m, :r, :e, :c, :why)",
                    soci::use(patent_id), soci::use(on), soci::use(technology), soci::use(market),
                    soci::use(rights), soci::use(e.evaluator), soci::use(decision),
                    soci::use(e.reason));
}

void AggregationStore::insert_consent(long long patent_id, long long institution_id, const Consent& c) {
  const std::string scope = to_string(c.scope), on = c.date.to_string();
  soci_session(db_) << "INSERT INTO consent (patent_id, institution_id, scope, consented_on) "
               "VALUES (:p, :i, :s, :d)",
      soci::use(patent_id), soci::use(institution_id), soci::use(scope), soci::use(on);
}

std::vector<AggregationDay> AggregationStore::aggregations_until(const std::string& last) {
  std::vector<AggregationDay> out;
  std::string mode, on;
  long long patent = 0;
  soci::statement st = (soci_session(db_).prepare <<
      "SELECT patent_id, mode, aggregated_on FROM aggregation WHERE aggregated_on <= :l",
      soci::into(patent), soci::into(mode), soci::into(on), soci::use(last));
  st.execute();
  while (st.fetch()) {
    out.push_back(AggregationDay{patent, stored_enum(parse_aggregation_mode, mode), stored_date(on)});
  }
  return out;
}

std::vector<OriginatingInstitution> AggregationStore::originating_institutions(
    const std::string& last, const std::string& aggregator_code) {
  std::vector<OriginatingInstitution> out;
  OriginatingInstitution row;
  soci::statement st = (soci_session(db_).prepare <<
      "SELECT a.patent_id, i.code, i.name_en FROM aggregation a "
      "JOIN beneficiary b ON b.patent_id = a.patent_id JOIN institution i ON i.id = b.institution_id "
      "WHERE a.aggregated_on <= :l1 UNION "
      "SELECT a.patent_id, i.code, i.name_en FROM aggregation a "
      "JOIN patent_owner o ON o.patent_id = a.patent_id JOIN institution i ON i.id = o.institution_id "
      "WHERE a.aggregated_on <= :l2 AND i.code <> :agg AND NOT EXISTS "
      "(SELECT 1 FROM beneficiary b WHERE b.patent_id = a.patent_id)",
      soci::into(row.patent_id), soci::into(row.code), soci::into(row.name_en), soci::use(last, "l1"),
      soci::use(last, "l2"), soci::use(aggregator_code, "agg"));
  st.execute();
  while (st.fetch()) out.push_back(row);
  return out;
}

long long AggregationStore::count_licensed(const std::string& last) {
  long long licensed = 0;
  soci_session(db_) << "SELECT CAST(COUNT(DISTINCT a.patent_id) AS BIGINT) FROM aggregation a "
               "JOIN agreement_patent ap ON ap.patent_id = a.patent_id "
               "JOIN agreement g ON g.id = ap.agreement_id "
               "WHERE a.aggregated_on <= :l1 AND g.starts_on <= :l2 AND g.ends_on >= :l3",
      soci::use(last, "l1"), soci::use(last, "l2"), soci::use(last, "l3"), soci::into(licensed);
  return licensed;
}

}  // namespace chizai
