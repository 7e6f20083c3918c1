#include "store/patent_activity_store.h"

#include <soci/soci.h>

#include "store/session.h"

namespace chizai {

PatentActivityRows load_patent_activity(Database& db, long long patent_id, const std::string& only_institution) {
  soci::session& sql = soci_session(db);
  PatentActivityRows out;
  {
    PatentPackageRow r;
    std::string removed;
    soci::indicator removed_i = soci::i_null;
    soci::statement st = (sql.prepare <<
        "SELECT k.code, k.name_en, k.name_ja, m.role, m.weight, m.added_on, m.removed_on "
        "FROM package_member m JOIN package k ON k.id = m.package_id WHERE m.patent_id = :p "
        "ORDER BY m.added_on, k.code, m.id",
        soci::into(r.code), soci::into(r.name_en), soci::into(r.name_ja), soci::into(r.role), soci::into(r.weight),
        soci::into(r.added_on), soci::into(removed, removed_i), soci::use(patent_id));
    st.execute();
    while (st.fetch()) {
      r.removed_on = removed_i == soci::i_ok ? std::optional<std::string>(removed) : std::nullopt;
      out.packages.push_back(r);
    }
  }
  {
    PatentLicenceRow r;
    long long exclusive = 0;
    soci::statement st = (sql.prepare <<
        "SELECT a.reference, i.code, a.exclusive, a.starts_on, a.ends_on, ap.weight "
        "FROM agreement_patent ap JOIN agreement a ON a.id = ap.agreement_id "
        "JOIN institution i ON i.id = a.licensee_id WHERE ap.patent_id = :p ORDER BY a.starts_on, a.reference",
        soci::into(r.agreement), soci::into(r.licensee), soci::into(exclusive), soci::into(r.starts_on),
        soci::into(r.ends_on), soci::into(r.weight), soci::use(patent_id));
    st.execute();
    while (st.fetch()) {
      r.exclusive = exclusive != 0;
      out.licences.push_back(r);
    }
  }
  {
    PatentIncomeRow r;
    soci::details::prepare_temp_type prep =
        (sql.prepare << "SELECT i.code, p.income_type, CAST(-SUM(p.amount_minor) AS BIGINT) FROM posting p "
                        "JOIN institution i ON i.id = p.institution_id WHERE p.patent_id = :p "
                        "AND p.currency = 'JPY' AND p.account LIKE 'liabilities:payable:%' "
                        "AND p.income_type IS NOT NULL"
                     << (only_institution.empty() ? "" : " AND i.code = :inst")
                     << " GROUP BY i.code, p.income_type ORDER BY i.code, p.income_type",
         soci::into(r.institution), soci::into(r.income_type), soci::into(r.amount_minor), soci::use(patent_id));
    if (!only_institution.empty()) prep, soci::use(only_institution);
    soci::statement st(prep);
    st.execute();
    while (st.fetch()) out.income.push_back(r);
  }
  return out;
}

}  // namespace chizai
