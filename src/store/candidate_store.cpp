#include "store/candidate_store.h"

#include <soci/soci.h>

#include "store/session.h"

namespace chizai {

Page<CandidateRow> list_candidates(Database& db, const std::string& institution, const PageRequest& page) {
  std::vector<CandidateRow> rows;
  CandidateRow r;
  soci::indicator title_ja_i = soci::i_null;
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare
           << "SELECT p.id, p.application_number, p.title, p.title_ja FROM patent p "
              "WHERE p.application_number > :after "
              "AND EXISTS (SELECT 1 FROM evaluation e WHERE e.patent_id = p.id) "
              "AND NOT EXISTS (SELECT 1 FROM aggregation a WHERE a.patent_id = p.id)"
           << (institution.empty() ? "" : " AND p.id IN (SELECT po.patent_id FROM patent_owner po JOIN institution i "
                                          "ON i.id = po.institution_id WHERE i.code = :inst)")
           << " ORDER BY p.application_number LIMIT " << fetch_limit(page),
       soci::into(r.patent_id), soci::into(r.application), soci::into(r.title), soci::into(r.title_ja, title_ja_i),
       soci::use(page.after));
  if (!institution.empty()) prep, soci::use(institution);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    if (title_ja_i != soci::i_ok) r.title_ja.clear();
    rows.push_back(r);
  }
  return page_of_rows(std::move(rows), page.limit, [](const CandidateRow& c) { return c.application; });
}

}  // namespace chizai
