#include "store/reminder_store.h"

#include <soci/soci.h>

#include "store/session.h"
#include "store/stored_values.h"

namespace chizai {

std::vector<ReminderRecipient> ReminderStore::recipients() {
  std::vector<ReminderRecipient> out;
  ReminderRecipient r;
  long long institution_id = 0;
  std::string code;
  soci::indicator institution_ind = soci::i_null, code_ind = soci::i_null;
  soci::statement st = (soci_session(db_).prepare
                            << "SELECT u.id, u.name, u.role, u.institution_id, i.code, u.email FROM api_user u "
                               "LEFT JOIN institution i ON i.id = u.institution_id WHERE u.disabled_at IS NULL AND "
                               "u.email IS NOT NULL AND u.email <> '' ORDER BY u.name",
                        soci::into(r.id), soci::into(r.name), soci::into(r.role),
                        soci::into(institution_id, institution_ind), soci::into(code, code_ind), soci::into(r.email));
  st.execute();
  while (st.fetch()) {
    ReminderRecipient x = r;
    x.institution_id = institution_ind == soci::i_ok ? institution_id : 0;
    x.institution = code_ind == soci::i_ok ? code : "";
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<docket::ReminderTask> ReminderStore::open_tasks(long long institution_id, Date today, Date until) {
  std::vector<docket::ReminderTask> out;
  long long patent_id = 0, fee = 0;
  std::string number, key, kind, label, due, grace, last, currency;
  soci::indicator grace_ind = soci::i_null, fee_ind = soci::i_null, currency_ind = soci::i_null;
  const std::string today_text = today.to_string(), until_text = until.to_string();
  soci::statement st =
      (soci_session(db_).prepare
           << "SELECT t.patent_id, p.application_number, t.task_key, t.kind, t.label, t.due, t.grace_end, t.last_day, "
              "t.fee_amount_minor, t.fee_currency FROM docket_task t JOIN patent p ON p.id = t.patent_id "
              "WHERE t.state = 'open' AND t.performed_on IS NULL AND (t.due <= :u OR t.last_day < :t) AND "
              "(:i1 = 0 OR EXISTS (SELECT 1 FROM docket_task_share s WHERE s.patent_id = t.patent_id AND "
              "s.task_key = t.task_key AND s.institution_id = :i2)) ORDER BY t.due, t.id",
       soci::use(until_text), soci::use(today_text), soci::use(institution_id), soci::use(institution_id),
       soci::into(patent_id), soci::into(number), soci::into(key), soci::into(kind), soci::into(label),
       soci::into(due), soci::into(grace, grace_ind), soci::into(last), soci::into(fee, fee_ind),
       soci::into(currency, currency_ind));
  st.execute();
  while (st.fetch()) {
    docket::ReminderTask t;
    t.patent_id = patent_id;
    t.number = number;
    t.key = key;
    t.kind = kind;
    t.label = label;
    t.due = stored_date(due);
    t.last_day = stored_date(last);
    if (grace_ind == soci::i_ok) t.grace_end = stored_date(grace);
    if (fee_ind == soci::i_ok) t.fee = fee;
    if (currency_ind == soci::i_ok) t.currency = currency;
    out.push_back(std::move(t));
  }
  return out;
}

std::set<docket::SentReminder> ReminderStore::sent(long long user_id) {
  std::set<docket::SentReminder> out;
  long long patent_id = 0;
  std::string key, horizon;
  soci::statement st = (soci_session(db_).prepare
                            << "SELECT patent_id, task_key, horizon FROM docket_reminder WHERE user_id = :u",
                        soci::use(user_id), soci::into(patent_id), soci::into(key), soci::into(horizon));
  st.execute();
  while (st.fetch()) out.emplace(patent_id, key, horizon);
  return out;
}

bool ReminderStore::claim(const ReminderRecord& r) {
  const std::string day = r.digest_date.to_string(), due = r.due.to_string();
  soci::statement st = (soci_session(db_).prepare
                            << "INSERT INTO docket_reminder (user_id, patent_id, task_key, horizon, digest_date, due, "
                               "email, sent_at) VALUES (:u, :p, :k, :h, :d, :due, :e, :at) "
                               "ON CONFLICT (user_id, patent_id, task_key, horizon) DO NOTHING",
                        soci::use(r.user_id), soci::use(r.patent_id), soci::use(r.task_key), soci::use(r.horizon),
                        soci::use(day), soci::use(due), soci::use(r.email), soci::use(r.sent_at));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<ReminderRecord> ReminderStore::records(long long user_id) {
  std::vector<ReminderRecord> out;
  ReminderRecord r;
  std::string day, due;
  soci::statement st = (soci_session(db_).prepare
                            << "SELECT user_id, patent_id, task_key, horizon, digest_date, due, email, sent_at "
                               "FROM docket_reminder WHERE (:u1 = 0 OR user_id = :u2) ORDER BY id",
                        soci::use(user_id), soci::use(user_id), soci::into(r.user_id), soci::into(r.patent_id),
                        soci::into(r.task_key), soci::into(r.horizon), soci::into(day), soci::into(due),
                        soci::into(r.email), soci::into(r.sent_at));
  st.execute();
  while (st.fetch()) {
    ReminderRecord x = r;
    x.digest_date = stored_date(day);
    x.due = stored_date(due);
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace chizai
