#include "store/event_store.h"

#include <map>

#include "store/session.h"
#include "store/sql_util.h"
#include "store/stored_values.h"

namespace chizai {

std::optional<long long> EventStore::patent_id(const std::string& application_number) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  soci_session(db_) << "SELECT id FROM patent WHERE application_number = :n", soci::use(application_number),
      soci::into(id, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return id;
}

long long EventStore::append(const StoredEvent& e) {
  const std::string date = e.date.to_string();
  long long days = e.days.value_or(0), months = e.months.value_or(0), claims = e.claims.value_or(0);
  soci::indicator days_ind = e.days ? soci::i_ok : soci::i_null;
  soci::indicator months_ind = e.months ? soci::i_ok : soci::i_null;
  soci::indicator claims_ind = e.claims ? soci::i_ok : soci::i_null;
  db_.facts_changed(e.patent_id);  // the docket's facts (Database::facts_changed)
  return insert_row(db_, "patent_event",
                    "INSERT INTO patent_event (patent_id, kind, event_date, reference, value, days, months, claims, "
                    "recorded_at, actor) VALUES (:p, :k, :d, :r, :v, :dy, :m, :c, :at, :a)",
                    soci::use(e.patent_id), soci::use(e.kind), soci::use(date), soci::use(e.reference),
                    soci::use(e.value), soci::use(days, days_ind), soci::use(months, months_ind),
                    soci::use(claims, claims_ind), soci::use(e.recorded_at), soci::use(e.actor));
}

long long EventStore::append_withdrawal(long long patent_id, long long event_id, const EventWithdrawal& w) {
  const std::string date = w.date.to_string();
  db_.facts_changed(patent_id);
  return insert_row(db_, "patent_event",
                    "INSERT INTO patent_event (patent_id, kind, event_date, value, withdrawn_event_id, "
                    "recorded_at, actor) VALUES (:p, 'withdrawal', :d, :v, :w, :at, :a)",
                    soci::use(patent_id), soci::use(date), soci::use(w.reason), soci::use(event_id),
                    soci::use(w.recorded_at), soci::use(w.actor));
}

std::vector<StoredEvent> EventStore::list(long long patent_id) { return select(patent_id, 0); }

std::optional<StoredEvent> EventStore::find(long long patent_id, long long event_id) {
  auto found = select(patent_id, event_id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

// The events of the patent (event_id 0) or the one event, with their
// withdrawals: one statement over the patent's rows.
std::vector<StoredEvent> EventStore::select(long long patent_id, long long event_id) {
  std::vector<StoredEvent> out;
  std::map<long long, EventWithdrawal> withdrawals;
  long long id = 0, days = 0, months = 0, claims = 0, withdrawn = 0;
  std::string kind, date, reference, value, recorded_at, actor;
  soci::indicator days_ind = soci::i_ok, months_ind = soci::i_ok, claims_ind = soci::i_ok,
                  withdrawn_ind = soci::i_ok;
  soci::statement st =
      (soci_session(db_).prepare
           << "SELECT id, kind, event_date, reference, value, days, months, claims, withdrawn_event_id, "
              "recorded_at, actor FROM patent_event WHERE patent_id = :p ORDER BY event_date, id",
       soci::use(patent_id), soci::into(id), soci::into(kind), soci::into(date), soci::into(reference),
       soci::into(value), soci::into(days, days_ind), soci::into(months, months_ind),
       soci::into(claims, claims_ind), soci::into(withdrawn, withdrawn_ind), soci::into(recorded_at),
       soci::into(actor));
  st.execute();
  while (st.fetch()) {
    if (kind == "withdrawal") {
      if (withdrawn_ind == soci::i_ok) {
        withdrawals[withdrawn] = EventWithdrawal{id, stored_date(date), value, recorded_at, actor};
      }
      continue;
    }
    if (event_id != 0 && id != event_id) continue;
    StoredEvent e;
    e.id = id;
    e.patent_id = patent_id;
    e.kind = kind;
    e.date = stored_date(date);
    e.reference = reference;
    e.value = value;
    if (days_ind == soci::i_ok) e.days = days;
    if (months_ind == soci::i_ok) e.months = months;
    if (claims_ind == soci::i_ok) e.claims = claims;
    e.recorded_at = recorded_at;
    e.actor = actor;
    out.push_back(std::move(e));
  }
  for (StoredEvent& e : out) {
    if (auto it = withdrawals.find(e.id); it != withdrawals.end()) e.withdrawn = it->second;
  }
  return out;
}

}  // namespace chizai
