#include "store/ownership_store.h"

#include <map>

#include "store/session.h"
#include "store/sql_util.h"
#include "store/stored_values.h"

namespace chizai {

namespace {

// ever_transferred's statement, kept per connection (Database::kept).
struct TransferredLookup {
  explicit TransferredLookup(Database& db)
      : st((soci_session(db).prepare << "SELECT op.id FROM owner_period op JOIN patent p ON p.id = op.patent_id "
                                        "WHERE p.application_number = :n LIMIT 1",
            soci::into(id), soci::use(number))) {}

  bool find(const std::string& wanted) {
    number = wanted;
    bool found = false;
    // Stepped to the end, so that on SQLite no read snapshot stays open.
    st.execute();
    while (st.fetch()) found = true;
    return found;
  }

 private:
  // Bound variables first (members are made in this order): the statement refers to them.
  std::string number;
  long long id = 0;
  soci::statement st;
};

}  // namespace

bool OwnershipStore::ever_transferred(const std::string& application_number) {
  return db_.kept<TransferredLookup>().find(application_number);
}

void OwnershipStore::hold_off_postings() {
  if (db_.backend() == Backend::kPostgres) soci_session(db_) << "LOCK TABLE closed_month IN EXCLUSIVE MODE";
}

std::vector<OwnerPeriod> OwnershipStore::periods(long long patent_id) {
  soci::session& sql = soci_session(db_);
  std::vector<OwnerPeriod> out;
  std::map<long long, std::size_t> index;
  {
    long long id = 0;
    std::string from, kind, recorded_at, actor, reason;
    soci::statement st = (sql.prepare << "SELECT id, valid_from, kind, recorded_at, actor, reason FROM owner_period "
                                         "WHERE patent_id = :p ORDER BY valid_from",
                          soci::use(patent_id), soci::into(id), soci::into(from), soci::into(kind),
                          soci::into(recorded_at), soci::into(actor), soci::into(reason));
    st.execute();
    while (st.fetch()) {
      index[id] = out.size();
      out.push_back(OwnerPeriod{stored_date(from), kind, {}, {}, recorded_at, actor, reason});
    }
  }
  if (out.empty()) return out;
  {
    long long period = 0, num = 0, den = 0;
    std::string code;
    soci::statement st =
        (sql.prepare << "SELECT s.period_id, i.code, s.share_num, s.share_den FROM owner_period_share s "
                        "JOIN owner_period op ON op.id = s.period_id JOIN institution i ON i.id = s.institution_id "
                        "WHERE op.patent_id = :p ORDER BY s.period_id, s.position",
         soci::use(patent_id), soci::into(period), soci::into(code), soci::into(num), soci::into(den));
    st.execute();
    while (st.fetch()) out[index.at(period)].owners.push_back(Owner{code, stored_share(num, den)});
  }
  {
    long long period = 0;
    std::string code;
    soci::statement st = (sql.prepare << "SELECT c.period_id, i.code FROM owner_period_consent c "
                                         "JOIN owner_period op ON op.id = c.period_id "
                                         "JOIN institution i ON i.id = c.institution_id "
                                         "WHERE op.patent_id = :p ORDER BY c.period_id, i.code",
                          soci::use(patent_id), soci::into(period), soci::into(code));
    st.execute();
    while (st.fetch()) out[index.at(period)].consents.push_back(code);
  }
  return out;
}

void OwnershipStore::insert_period(long long patent_id, const OwnerPeriod& p) {
  const std::string from = p.valid_from.to_string();
  const long long period =
      insert_row(db_, "owner_period",
                 "INSERT INTO owner_period (patent_id, valid_from, kind, recorded_at, actor, reason) "
                 "VALUES (:p, :f, :k, :r, :a, :w)",
                 soci::use(patent_id), soci::use(from), soci::use(p.kind), soci::use(p.recorded_at),
                 soci::use(p.actor), soci::use(p.reason));
  long long position = 0;
  for (const Owner& o : p.owners) {
    long long num = o.share.num(), den = o.share.den();
    soci_session(db_) << "INSERT INTO owner_period_share (period_id, position, institution_id, share_num, share_den) "
                         "SELECT :p, :n, id, :sn, :sd FROM institution WHERE code = :c",
        soci::use(period), soci::use(position), soci::use(num), soci::use(den), soci::use(o.institution);
    ++position;
  }
  for (const std::string& code : p.consents) {
    soci_session(db_) << "INSERT INTO owner_period_consent (period_id, institution_id) "
                         "SELECT :p, id FROM institution WHERE code = :c",
        soci::use(period), soci::use(code);
  }
}

std::optional<RoutedEntry> OwnershipStore::routed_on_or_after(long long patent_id, Date from) {
  const std::string day = from.to_string();
  std::string on, kind, reference;
  soci::indicator ind = soci::i_null;
  soci_session(db_) << "SELECT e.posted_on, e.kind, e.reference FROM journal_entry e WHERE e.posted_on >= :d "
                       "AND EXISTS (SELECT 1 FROM posting p WHERE p.entry_id = e.id AND p.patent_id = :p) "
                       "ORDER BY e.posted_on, e.id LIMIT 1",
      soci::use(day), soci::use(patent_id), soci::into(on, ind), soci::into(kind), soci::into(reference);
  if (ind != soci::i_ok) return std::nullopt;
  return RoutedEntry{stored_date(on), kind, reference};
}

}  // namespace chizai
