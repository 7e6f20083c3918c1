#include "store/portfolio_store.h"

#include <soci/soci.h>

#include "store/session.h"

namespace chizai {

PortfolioCounts PortfolioStore::counts(const std::string& institution, Date day) {
  soci::session& sql = soci_session(db_);
  // The patents counted: all, or those `institution` owns (binds :inst).
  const std::string owned =
      institution.empty() ? std::string("1 = 1")
                          : "p.id IN (SELECT po.patent_id FROM patent_owner po JOIN institution i "
                            "ON i.id = po.institution_id WHERE i.code = :inst)";
  const std::string on = day.to_string();
  PortfolioCounts out;
  for (auto [column, into] : {std::pair{"status", &out.by_status}, std::pair{"jurisdiction", &out.by_jurisdiction},
                              std::pair{"stage", &out.by_stage}}) {
    std::string key;
    long long n = 0;
    soci::details::prepare_temp_type prep =
        (sql.prepare << "SELECT p." << column << ", CAST(COUNT(*) AS BIGINT) FROM patent p WHERE " << owned
                     << " GROUP BY p." << column << " ORDER BY p." << column,
         soci::into(key), soci::into(n));
    if (!institution.empty()) prep, soci::use(institution);
    soci::statement st(prep);
    st.execute();
    while (st.fetch()) {
      into->push_back(PortfolioCount{key, n});
      if (std::string(column) == "status") out.patents += n;
    }
  }
  // Aggregated on the day, and covered by an agreement in force on it.
  {
    soci::details::prepare_temp_type prep =
        (sql.prepare << "SELECT CAST(COUNT(*) AS BIGINT) FROM patent p WHERE " << owned
                     << " AND p.id IN (SELECT a.patent_id FROM aggregation a WHERE a.aggregated_on <= :on)",
         soci::into(out.aggregated));
    if (!institution.empty()) prep, soci::use(institution);
    prep, soci::use(on);
    soci::statement st(prep);
    st.execute(true);
  }
  {
    soci::details::prepare_temp_type prep =
        (sql.prepare << "SELECT CAST(COUNT(*) AS BIGINT) FROM patent p WHERE " << owned
                     << " AND p.id IN (SELECT ap.patent_id FROM agreement_patent ap JOIN agreement g "
                        "ON g.id = ap.agreement_id WHERE g.starts_on <= :on1 AND g.ends_on >= :on2)",
         soci::into(out.licensed));
    if (!institution.empty()) prep, soci::use(institution);
    prep, soci::use(on), soci::use(on);
    soci::statement st(prep);
    st.execute(true);
  }
  return out;
}

}  // namespace chizai
