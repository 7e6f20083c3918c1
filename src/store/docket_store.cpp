#include "store/docket_store.h"

#include <soci/soci.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <limits>
#include <tuple>

#include "store/batch_insert.h"
#include "store/session.h"
#include "store/sql_util.h"
#include "store/stored_values.h"

namespace chizai {

namespace {

// Bound values of a statement built at run time, in placeholder order.
struct Params {
  struct Value {
    bool integer = false;
    std::string text;
    long long number = 0;
  };
  std::deque<Value> values;  // stable addresses while bound
  std::string text(std::string v) {
    values.push_back(Value{false, std::move(v), 0});
    return ":p" + std::to_string(values.size());
  }
  std::string integer(long long v) {
    values.push_back(Value{true, {}, v});
    return ":p" + std::to_string(values.size());
  }
  void bind(soci::details::prepare_temp_type& prep) {
    for (Value& v : values) {
      if (v.integer) prep, soci::use(v.number);
      else prep, soci::use(v.text);
    }
  }
};

const char* kTaskColumns =
    "t.id, t.patent_id, p.application_number, t.task_key, t.kind, t.jurisdiction, t.label, t.nominal_due, t.due, "
    "t.window_start, t.grace_end, t.provisional, t.fee_amount_minor, t.fee_late_amount_minor, t.fee_currency, "
    "t.fee_table, t.state, t.rules_version, t.calendars_version, t.content_hash, t.sequence, t.modified_at, "
    "t.performed_on";

// The tasks with their application's number (`t`, `p`).
const char* kTasksFrom = "docket_task t JOIN patent p ON p.id = t.patent_id";

struct TaskRow {
  long long id = 0, patent_id = 0, provisional = 0, fee = 0, late = 0, sequence = 0;
  std::string number, key, kind, jurisdiction, label, nominal_due, due, window_start, grace_end, currency, table,
      state, rules, calendars, hash, modified, performed;
  soci::indicator ws_ind = soci::i_null, ge_ind = soci::i_null, fee_ind = soci::i_null, late_ind = soci::i_null,
                  cur_ind = soci::i_null, table_ind = soci::i_null, performed_ind = soci::i_null;

  void bind(soci::details::prepare_temp_type& prep) {
    prep, soci::into(id), soci::into(patent_id), soci::into(number), soci::into(key), soci::into(kind),
        soci::into(jurisdiction), soci::into(label), soci::into(nominal_due), soci::into(due),
        soci::into(window_start, ws_ind), soci::into(grace_end, ge_ind), soci::into(provisional),
        soci::into(fee, fee_ind), soci::into(late, late_ind), soci::into(currency, cur_ind),
        soci::into(table, table_ind), soci::into(state), soci::into(rules), soci::into(calendars), soci::into(hash),
        soci::into(sequence), soci::into(modified), soci::into(performed, performed_ind);
  }

  StoredDocketTask take() const {
    StoredDocketTask s;
    s.id = id;
    s.patent_id = patent_id;
    s.number = number;
    s.task.key = key;
    s.task.kind = kind;
    s.task.jurisdiction = jurisdiction;
    s.task.label = label;
    s.task.nominal_due = stored_date(nominal_due);
    s.task.due = stored_date(due);
    s.task.window_start = stored_optional_date(window_start, ws_ind);
    s.task.grace_end = stored_optional_date(grace_end, ge_ind);
    s.task.provisional = provisional != 0;
    s.task.performed_on = stored_optional_date(performed, performed_ind);
    if (fee_ind == soci::i_ok) {
      docket::Fee f;
      f.amount = fee;
      f.late_amount = late_ind == soci::i_ok ? late : fee;
      f.currency = cur_ind == soci::i_ok ? currency : "";
      f.table = table_ind == soci::i_ok ? table : "";
      s.task.fee = f;
    }
    s.state = state;
    s.rules_version = rules;
    s.calendars_version = calendars;
    s.content_hash = hash;
    s.sequence = sequence;
    s.modified_at = modified;
    return s;
  }
};

std::string padded_id(long long id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%012lld", id);
  return buf;
}

std::string page_key(const StoredDocketTask& t) { return t.task.due.to_string() + "/" + padded_id(t.id); }

// ---- fee sums (docket_fee_sum) ---------------------------------------------------

// (month "YYYY-MM", jurisdiction, institution id, currency, unit) → (amount, fees)
using FeeSumKey = std::tuple<std::string, std::string, long long, std::string, long long>;
using FeeSumDeltas = std::map<FeeSumKey, std::pair<long long, long long>>;

// One fee as docket_fee_sum counts it (sign +1 added, -1 removed): whole
// under institution 0; each paying part (institution id, amount) under its
// institution, or, when no share pays a part, whole under -1. A foreign
// fee's unit is its amount (the part's for a part), a JPY fee's 0.
void count_fee(FeeSumDeltas& d, long long sign, const std::string& due, const std::string& jurisdiction,
               const std::string& currency, long long amount, const std::vector<std::pair<long long, long long>>& parts) {
  const std::string month = due.substr(0, 7);
  const bool jpy = currency == "JPY";
  auto add = [&](long long institution, long long a) {
    auto& v = d[FeeSumKey{month, jurisdiction, institution, currency, jpy ? 0 : a}];
    v.first += sign * a;
    v.second += sign;
  };
  add(0, amount);
  if (parts.empty()) add(-1, amount);
  for (const auto& [institution, a] : parts) add(institution, a);
}

// The stored fees of patents after < id <= last (of one task when `key`,
// of the open tasks only when `open_only`), counted into `d` with `sign`.
void count_stored_fees(soci::session& sql, long long after, long long last, const std::string* key, bool open_only,
                       long long sign, FeeSumDeltas& d) {
  struct Fee {
    std::string due, jurisdiction, currency;
    long long amount = 0;
    std::vector<std::pair<long long, long long>> parts;
  };
  std::map<std::pair<long long, std::string>, Fee> fees;
  {
    std::string cond = "t.patent_id > :a AND t.patent_id <= :b AND t.fee_amount_minor IS NOT NULL";
    if (key != nullptr) cond += " AND t.task_key = :k";
    // (Not `state = 'open'`: see delete_open.)
    if (open_only) cond += " AND (CASE WHEN t.state = 'open' THEN 1 ELSE 0 END) = 1";
    long long pid = 0;
    std::string k;
    Fee f;
    soci::details::prepare_temp_type prep =
        (sql.prepare << "SELECT t.patent_id, t.task_key, t.due, t.jurisdiction, t.fee_currency, t.fee_amount_minor "
                        "FROM docket_task t WHERE " + cond);
    prep, soci::into(pid), soci::into(k), soci::into(f.due), soci::into(f.jurisdiction), soci::into(f.currency),
        soci::into(f.amount), soci::use(after, "a"), soci::use(last, "b");
    if (key != nullptr) prep, soci::use(*key, "k");
    soci::statement st(prep);
    st.execute();
    while (st.fetch()) fees[{pid, k}] = f;
  }
  if (fees.empty()) return;
  {
    std::string cond = "s.patent_id > :a AND s.patent_id <= :b AND s.pays = 1 AND s.amount_minor IS NOT NULL";
    if (key != nullptr) cond += " AND s.task_key = :k";
    long long pid = 0, institution = 0, amount = 0;
    std::string k;
    soci::details::prepare_temp_type prep =
        (sql.prepare << "SELECT s.patent_id, s.task_key, s.institution_id, s.amount_minor FROM docket_task_share s "
                        "WHERE " + cond);
    prep, soci::into(pid), soci::into(k), soci::into(institution), soci::into(amount), soci::use(after, "a"),
        soci::use(last, "b");
    if (key != nullptr) prep, soci::use(*key, "k");
    soci::statement st(prep);
    st.execute();
    while (st.fetch()) {
      auto it = fees.find({pid, k});
      if (it != fees.end()) it->second.parts.emplace_back(institution, amount);
    }
  }
  for (const auto& [id, f] : fees) count_fee(d, sign, f.due, f.jurisdiction, f.currency, f.amount, f.parts);
}

// Adds the deltas to docket_fee_sum; a row whose count falls to 0 goes.
void apply_fee_deltas(soci::session& sql, const FeeSumDeltas& d) {
  if (d.empty()) return;
  std::string month, jurisdiction, currency;
  long long institution = 0, unit = 0, amount = 0, fees = 0;
  soci::statement up =
      (sql.prepare << "INSERT INTO docket_fee_sum (month, jurisdiction, institution_id, currency, unit, amount_minor, "
                      "fees) VALUES (:m, :j, :i, :c, :u, :a, :n) ON CONFLICT (month, jurisdiction, institution_id, "
                      "currency, unit) DO UPDATE SET amount_minor = docket_fee_sum.amount_minor + "
                      "excluded.amount_minor, fees = docket_fee_sum.fees + excluded.fees",
       soci::use(month), soci::use(jurisdiction), soci::use(institution), soci::use(currency), soci::use(unit),
       soci::use(amount), soci::use(fees));
  soci::statement drop =
      (sql.prepare << "DELETE FROM docket_fee_sum WHERE month = :m AND jurisdiction = :j AND institution_id = :i AND "
                      "currency = :c AND unit = :u AND fees = 0",
       soci::use(month), soci::use(jurisdiction), soci::use(institution), soci::use(currency), soci::use(unit));
  for (const auto& [k, v] : d) {
    if (v.first == 0 && v.second == 0) continue;
    std::tie(month, jurisdiction, institution, currency, unit) = k;
    amount = v.first;
    fees = v.second;
    up.execute(true);
    if (fees < 0) drop.execute(true);
  }
}

}  // namespace

// ---- versions ----------------------------------------------------------------

std::optional<DocketVersions> DocketStore::versions() {
  DocketVersions v;
  soci_session(db_) << "SELECT rules_version, calendars_version FROM docket_state WHERE id = 1", soci::into(v.rules),
      soci::into(v.calendars);
  if (!soci_session(db_).got_data()) return std::nullopt;
  return v;
}

void DocketStore::set_versions(const DocketVersions& v, const std::string& at) {
  soci::session& sql = soci_session(db_);
  sql << "DELETE FROM docket_state WHERE id = 1";
  sql << "INSERT INTO docket_state (id, rules_version, calendars_version, computed_at) VALUES (1, :r, :c, :a)",
      soci::use(v.rules), soci::use(v.calendars), soci::use(at);
}

// ---- tasks ---------------------------------------------------------------------

std::map<std::pair<long long, std::string>, ExistingDocketTask> DocketStore::existing(long long after_id,
                                                                                      long long last_id) {
  std::map<std::pair<long long, std::string>, ExistingDocketTask> out;
  long long pid = 0;
  std::string key;
  ExistingDocketTask e;
  soci::statement st = (soci_session(db_).prepare << "SELECT patent_id, task_key, kind, state, content_hash, "
                                                      "sequence, modified_at, due FROM docket_task "
                                                      "WHERE patent_id > :a AND patent_id <= :b",
                        soci::use(after_id), soci::use(last_id), soci::into(pid), soci::into(key), soci::into(e.kind),
                        soci::into(e.state),
                        soci::into(e.content_hash), soci::into(e.sequence), soci::into(e.modified_at),
                        soci::into(e.due));
  st.execute();
  while (st.fetch()) out[{pid, key}] = e;
  return out;
}

void DocketStore::delete_open(long long after_id, long long last_id) {
  soci::session& sql = soci_session(db_);
  {
    FeeSumDeltas removed;
    count_stored_fees(sql, after_id, last_id, nullptr, true, -1, removed);
    apply_fee_deltas(sql, removed);
  }
  sql << "DELETE FROM docket_task_share WHERE patent_id > :a AND patent_id <= :b AND EXISTS (SELECT 1 FROM "
         "docket_task t WHERE t.patent_id = docket_task_share.patent_id AND t.task_key = docket_task_share.task_key "
         "AND t.state = 'open')",
      soci::use(after_id), soci::use(last_id);
  // The state test is written so no index can serve it: with `state =
  // 'open'` SQLite chose docket_task_state (state, last_day) and walked every
  // open task of the database for each batch — quadratic, about 70
  // applications a second at a million. The patent range is what narrows.
  sql << "DELETE FROM docket_task WHERE patent_id > :a AND patent_id <= :b AND "
         "(CASE WHEN state = 'open' THEN 1 ELSE 0 END) = 1",
      soci::use(after_id), soci::use(last_id);
}

void DocketStore::insert_tasks(const std::vector<NewDocketTask>& tasks) {
  if (tasks.empty()) return;
  using T = BatchInsert::Type;
  soci::session& sql = soci_session(db_);
  BatchInsert ti(sql, "docket_task",
                 {{"patent_id", T::kInteger},          {"task_key", T::kText},
                  {"kind", T::kText},                  {"jurisdiction", T::kText},
                  {"label", T::kText},                 {"nominal_due", T::kText},
                  {"due", T::kText},                   {"window_start", T::kText},
                  {"grace_end", T::kText},             {"last_day", T::kText},
                  {"provisional", T::kInteger},        {"fee_amount_minor", T::kInteger},
                  {"fee_late_amount_minor", T::kInteger}, {"fee_currency", T::kText},
                  {"fee_table", T::kText},             {"rules_version", T::kText},
                  {"calendars_version", T::kText},     {"state", T::kText},
                  {"content_hash", T::kText},          {"sequence", T::kInteger},
                  {"modified_at", T::kText},           {"performed_on", T::kText}},
                 100);
  BatchInsert si(sql, "docket_task_share",
                 {{"patent_id", T::kInteger},
                  {"task_key", T::kText},
                  {"institution_id", T::kInteger},
                  {"due", T::kText},
                  {"pays", T::kInteger},
                  {"amount_minor", T::kInteger}},
                 200);
  for (const NewDocketTask& n : tasks) {
    const docket::Task& t = n.task;
    BatchInsert::Cell* c = ti.add_row();
    c[0].set(n.patent_id);
    c[1].set(t.key);
    c[2].set(t.kind);
    c[3].set(t.jurisdiction);
    c[4].set(t.label);
    c[5].set(t.nominal_due.to_string());
    c[6].set(t.due.to_string());
    if (t.window_start) c[7].set(t.window_start->to_string());
    if (t.grace_end) c[8].set(t.grace_end->to_string());
    c[9].set((t.grace_end ? *t.grace_end : t.due).to_string());
    c[10].set(static_cast<long long>(t.provisional ? 1 : 0));
    if (t.fee) {
      c[11].set(static_cast<long long>(t.fee->amount));
      c[12].set(static_cast<long long>(t.fee->late_amount));
      c[13].set(t.fee->currency);
      c[14].set(t.fee->table);
    }
    c[15].set(n.rules_version);
    c[16].set(n.calendars_version);
    c[17].set(std::string("open"));
    c[18].set(n.content_hash);
    c[19].set(n.sequence);
    c[20].set(n.modified_at);
    if (t.performed_on) c[21].set(t.performed_on->to_string());
    for (const auto& [institution_id, share] : n.shares) {
      BatchInsert::Cell* s = si.add_row();
      s[0].set(n.patent_id);
      s[1].set(t.key);
      s[2].set(institution_id);
      s[3].set(t.due.to_string());
      s[4].set(static_cast<long long>(share.pays ? 1 : 0));
      if (share.amount) s[5].set(static_cast<long long>(*share.amount));
    }
  }
  ti.flush();
  si.flush();
  FeeSumDeltas added;
  std::vector<std::pair<long long, long long>> parts;
  for (const NewDocketTask& n : tasks) {
    if (!n.task.fee) continue;
    parts.clear();
    for (const auto& [institution_id, share] : n.shares) {
      if (share.pays && share.amount) parts.emplace_back(institution_id, static_cast<long long>(*share.amount));
    }
    count_fee(added, 1, n.task.due.to_string(), n.task.jurisdiction, n.task.fee->currency,
              static_cast<long long>(n.task.fee->amount), parts);
  }
  apply_fee_deltas(sql, added);
}

namespace {

// The tasks `where_sql` selects (binding `params`), with their shares.
std::vector<StoredDocketTask> load(Database& db_, const std::string& where_sql, Params& params,
                                   const std::string& order_limit, const std::string& from = kTasksFrom) {
  std::vector<StoredDocketTask> out;
  TaskRow row;
  {
    soci::details::prepare_temp_type prep =
        (soci_session(db_).prepare << "SELECT " << kTaskColumns
                                   << " FROM " << from << " WHERE " << where_sql
                                   << " " << order_limit);
    row.bind(prep);
    params.bind(prep);
    soci::statement st(prep);
    st.execute();
    while (st.fetch()) out.push_back(row.take());
  }
  if (out.empty()) return out;
  // The shares of the tasks read, by patent id range then matched by key.
  std::map<std::pair<long long, std::string>, std::size_t> at;
  long long lo = std::numeric_limits<long long>::max(), hi = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    at[{out[i].patent_id, out[i].task.key}] = i;
    lo = std::min(lo, out[i].patent_id);
    hi = std::max(hi, out[i].patent_id);
  }
  long long pid = 0, pays = 0, amount = 0;
  std::string key, code;
  soci::indicator amount_ind = soci::i_null;
  const long long before = lo - 1;
  if (hi - lo > 2000) {
    // A page spread over many patents (an institution's agenda at a
    // million applications): each task's shares by key, through one
    // statement prepared once and executed per task. (Reading every share
    // of the page's patents in one statement read ten times the rows: each
    // patent has about ten tasks; preparing a statement per task cost more
    // than the reads.)
    long long task_patent = 0;
    std::string task_key;
    soci::statement st = (soci_session(db_).prepare
                              << "SELECT i.code, s.pays, s.amount_minor FROM docket_task_share s JOIN institution i "
                                 "ON i.id = s.institution_id WHERE s.patent_id = :p AND s.task_key = :k "
                                 "ORDER BY i.code",
                          soci::use(task_patent), soci::use(task_key), soci::into(code), soci::into(pays),
                          soci::into(amount, amount_ind));
    for (auto& t : out) {
      task_patent = t.patent_id;
      task_key = t.task.key;
      st.execute();
      while (st.fetch()) {
        t.shares.push_back(DocketShareRow{code, pays != 0,
                                          amount_ind == soci::i_ok ? std::optional<std::int64_t>(amount) : std::nullopt});
      }
    }
    return out;
  }
  soci::statement st = (soci_session(db_).prepare
                            << "SELECT s.patent_id, s.task_key, i.code, s.pays, s.amount_minor FROM docket_task_share s "
                               "JOIN institution i ON i.id = s.institution_id WHERE s.patent_id > :a AND "
                               "s.patent_id <= :b ORDER BY s.patent_id, s.task_key, i.code",
                        soci::use(before), soci::use(hi), soci::into(pid), soci::into(key), soci::into(code),
                        soci::into(pays), soci::into(amount, amount_ind));
  st.execute();
  while (st.fetch()) {
    auto it = at.find({pid, key});
    if (it == at.end()) continue;
    out[it->second].shares.push_back(
        DocketShareRow{code, pays != 0, amount_ind == soci::i_ok ? std::optional<std::int64_t>(amount) : std::nullopt});
  }
  return out;
}

}  // namespace

Page<StoredDocketTask> DocketStore::list(const DocketFilter& f, const PageRequest& page) {
  Params params;
  std::string where = "1 = 1";
  if (f.from) where += " AND t.due >= " + params.text(f.from->to_string());
  if (f.to) where += " AND t.due <= " + params.text(f.to->to_string());
  if (f.patent_id != 0) where += " AND t.patent_id = " + params.integer(f.patent_id);
  if (!f.jurisdiction.empty()) where += " AND t.jurisdiction = " + params.text(f.jurisdiction);
  if (!f.kind.empty()) where += " AND t.kind = " + params.text(f.kind);
  // The informational kinds (the end of the term) are never open, missed,
  // done nor waived: they expire (on or before their date) or have expired.
  // (Each call binds the kinds anew: a statement binds what it names.)
  auto informational = [&params] {
    std::string out;
    for (const std::string& k : docket::informational_task_kinds()) {
      out += (out.empty() ? "" : ", ") + params.text(k);
    }
    return out;
  };
  auto action = [&] { return " AND t.kind NOT IN (" + informational() + ")"; };
  // One placeholder at a time, in text order (the values bind by position).
  if (f.status == "open" || f.status == "missed") {
    where += action();
    where += " AND t.state = 'open' AND t.performed_on IS NULL AND t.last_day ";
    where += (f.status == "open" ? ">= " : "< ") + params.text(f.today.to_string());
  } else if (f.status == "done") {
    // Done by a decision, or carried out by a recorded event.
    where += action();
    where += " AND (t.state = 'done' OR (t.state = 'open' AND t.performed_on IS NOT NULL))";
  } else if (f.status == "waived") {
    where += action();
    where += " AND t.state = " + params.text(f.status);
  } else if (f.status == "expires" || f.status == "expired") {
    where += " AND t.kind IN (" + informational() + ")";
    where += std::string(" AND t.last_day ") + (f.status == "expires" ? ">= " : "< ") + params.text(f.today.to_string());
  }
  std::string from = kTasksFrom;
  if (f.institution_id != 0) {
    // One institution's tasks: read from its shares by (institution, due)
    // (index docket_task_share_institution; share.due is the task's), not
    // every task of the period probed for a share (a month of a million
    // applications' docket is tens of thousands of tasks, the institution's
    // a few hundred). At most one share per task and institution (the key).
    from = "docket_task_share s JOIN docket_task t ON t.patent_id = s.patent_id AND t.task_key = s.task_key "
           "JOIN patent p ON p.id = t.patent_id";
    where += " AND s.institution_id = " + params.integer(f.institution_id);
    if (f.from) where += " AND s.due >= " + params.text(f.from->to_string());
    if (f.to) where += " AND s.due <= " + params.text(f.to->to_string());
  }
  if (!page.after.empty()) {
    const auto slash = page.after.find('/');
    const std::string due = page.after.substr(0, slash);
    const long long id = std::stoll(page.after.substr(slash + 1));
    const std::string d1 = params.text(due);
    const std::string d2 = params.text(due);
    where += " AND (t.due > " + d1 + " OR (t.due = " + d2 + " AND t.id > " + params.integer(id) + "))";
  }
  const std::string limit = "ORDER BY t.due, t.id LIMIT " + std::to_string(fetch_limit(page));
  return page_of_rows(load(db_, where, params, limit, from), page.limit, page_key);
}

std::vector<StoredDocketTask> DocketStore::tasks_of(long long patent_id) {
  Params params;
  return load(db_, "t.patent_id = " + params.integer(patent_id), params, "ORDER BY t.due, t.id");
}

std::optional<StoredDocketTask> DocketStore::find(long long patent_id, const std::string& key) {
  Params params;
  const std::string p = params.integer(patent_id);
  auto rows = load(db_, "t.patent_id = " + p + " AND t.task_key = " + params.text(key), params, "");
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

void DocketStore::set_state(long long patent_id, const std::string& key, const std::string& state,
                            const std::string& at) {
  soci_session(db_) << "UPDATE docket_task SET state = :s, sequence = sequence + 1, modified_at = :a "
                       "WHERE patent_id = :p AND task_key = :k",
      soci::use(state), soci::use(at), soci::use(patent_id), soci::use(key);
}

void DocketStore::set_fee(long long patent_id, const std::string& key, const docket::Fee& fee) {
  const long long amount = fee.amount, late = fee.late_amount;
  FeeSumDeltas changed;
  count_stored_fees(soci_session(db_), patent_id - 1, patent_id, &key, false, -1, changed);
  soci_session(db_) << "UPDATE docket_task SET fee_amount_minor = :f, fee_late_amount_minor = :l, fee_currency = :c, "
                       "fee_table = :t WHERE patent_id = :p AND task_key = :k",
      soci::use(amount), soci::use(late), soci::use(fee.currency), soci::use(fee.table), soci::use(patent_id),
      soci::use(key);
  count_stored_fees(soci_session(db_), patent_id - 1, patent_id, &key, false, 1, changed);
  apply_fee_deltas(soci_session(db_), changed);
}

void DocketStore::set_memory_map(bool on) {
  if (db_.backend() != Backend::kSqlite) return;
  soci_session(db_) << (on ? "PRAGMA mmap_size=1073741824" : "PRAGMA mmap_size=0");
}

void DocketStore::rebuild_fee_sums() {
  // The statements of sql/0032_docket_fee_sums.sql.
  soci::session& sql = soci_session(db_);
  sql << "DELETE FROM docket_fee_sum";
  sql << "INSERT INTO docket_fee_sum (month, jurisdiction, institution_id, currency, unit, amount_minor, fees) "
         "SELECT substr(t.due, 1, 7), t.jurisdiction, 0, t.fee_currency, "
         "CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE t.fee_amount_minor END, SUM(t.fee_amount_minor), COUNT(*) "
         "FROM docket_task t WHERE t.fee_amount_minor IS NOT NULL "
         "GROUP BY substr(t.due, 1, 7), t.jurisdiction, t.fee_currency, "
         "CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE t.fee_amount_minor END";
  sql << "INSERT INTO docket_fee_sum (month, jurisdiction, institution_id, currency, unit, amount_minor, fees) "
         "SELECT substr(t.due, 1, 7), t.jurisdiction, s.institution_id, t.fee_currency, "
         "CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE s.amount_minor END, SUM(s.amount_minor), COUNT(*) "
         "FROM docket_task t JOIN docket_task_share s ON s.patent_id = t.patent_id AND s.task_key = t.task_key "
         "WHERE t.fee_amount_minor IS NOT NULL AND s.pays = 1 AND s.amount_minor IS NOT NULL "
         "GROUP BY substr(t.due, 1, 7), t.jurisdiction, s.institution_id, t.fee_currency, "
         "CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE s.amount_minor END";
  sql << "INSERT INTO docket_fee_sum (month, jurisdiction, institution_id, currency, unit, amount_minor, fees) "
         "SELECT substr(t.due, 1, 7), t.jurisdiction, -1, t.fee_currency, "
         "CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE t.fee_amount_minor END, SUM(t.fee_amount_minor), COUNT(*) "
         "FROM docket_task t WHERE t.fee_amount_minor IS NOT NULL AND NOT EXISTS (SELECT 1 FROM docket_task_share s "
         "WHERE s.patent_id = t.patent_id AND s.task_key = t.task_key AND s.pays = 1 AND s.amount_minor IS NOT NULL) "
         "GROUP BY substr(t.due, 1, 7), t.jurisdiction, t.fee_currency, "
         "CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE t.fee_amount_minor END";
}

long long DocketStore::count_tasks() {
  long long n = 0;
  soci_session(db_) << "SELECT COUNT(*) FROM docket_task", soci::into(n);
  return n;
}

// ---- decisions -----------------------------------------------------------------

std::vector<FeesPaidTotal> DocketStore::fees_paid_between(Date from, Date to) {
  std::vector<FeesPaidTotal> out;
  const std::string a = from.to_string(), b = to.to_string();
  std::string currency;
  long long amount = 0, count = 0;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT d.fee_currency, CAST(SUM(d.fee_paid_minor) AS BIGINT), "
                                    "CAST(COUNT(*) AS BIGINT) FROM docket_decision d WHERE d.action = 'done' "
                                    "AND d.fee_paid_minor IS NOT NULL AND d.decided_on >= :a AND d.decided_on <= :b "
                                    "AND NOT EXISTS (SELECT 1 FROM docket_decision u WHERE u.undoes_id = d.id) "
                                    "GROUP BY d.fee_currency ORDER BY d.fee_currency",
       soci::use(a), soci::use(b), soci::into(currency), soci::into(amount), soci::into(count));
  st.execute();
  while (st.fetch()) out.push_back(FeesPaidTotal{currency, amount, count});
  return out;
}

long long DocketStore::insert_decision(const DocketDecisionRow& d) {
  const std::string on = d.decided_on.to_string();
  long long paid = d.fee_paid.value_or(0), expected = d.fee_expected.value_or(0), undoes = d.undoes_id;
  long long recoverable = d.recoverable ? 1 : 0;
  soci::indicator paid_ind = d.fee_paid ? soci::i_ok : soci::i_null;
  soci::indicator expected_ind = d.fee_expected ? soci::i_ok : soci::i_null;
  soci::indicator cur_ind = d.fee_currency.empty() ? soci::i_null : soci::i_ok;
  soci::indicator table_ind = d.fee_table.empty() ? soci::i_null : soci::i_ok;
  soci::indicator undoes_ind = d.undoes_id != 0 ? soci::i_ok : soci::i_null;
  return insert_row(db_, "docket_decision",
                    "INSERT INTO docket_decision (patent_id, task_key, action, decided_on, fee_paid_minor, "
                    "fee_currency, fee_table, fee_expected_minor, reference, reason, recoverable, undoes_id, actor, "
                    "recorded_at) VALUES (:p, :k, :a, :o, :f, :c, :t, :e, :r, :why, :rc, :u, :who, :at)",
                    soci::use(d.patent_id), soci::use(d.task_key), soci::use(d.action), soci::use(on),
                    soci::use(paid, paid_ind), soci::use(d.fee_currency, cur_ind), soci::use(d.fee_table, table_ind),
                    soci::use(expected, expected_ind), soci::use(d.reference), soci::use(d.reason),
                    soci::use(recoverable), soci::use(undoes, undoes_ind), soci::use(d.actor),
                    soci::use(d.recorded_at));
}

std::vector<DocketDecisionRow> DocketStore::decisions(long long patent_id, const std::string& key) {
  std::vector<DocketDecisionRow> out;
  DocketDecisionRow d;
  std::string on, currency, table;
  long long paid = 0, expected = 0, recoverable = 0, undoes = 0;
  soci::indicator paid_ind = soci::i_null, expected_ind = soci::i_null, cur_ind = soci::i_null,
                  table_ind = soci::i_null, undoes_ind = soci::i_null;
  const std::string all = key.empty() ? "1" : "0";
  soci::statement st =
      (soci_session(db_).prepare << "SELECT id, task_key, action, decided_on, fee_paid_minor, fee_currency, fee_table, "
                                    "fee_expected_minor, reference, reason, recoverable, undoes_id, actor, recorded_at "
                                    "FROM docket_decision WHERE patent_id = :p AND (task_key = :k OR :all = '1') "
                                    "ORDER BY id",
       soci::use(patent_id), soci::use(key), soci::use(all), soci::into(d.id), soci::into(d.task_key),
       soci::into(d.action), soci::into(on), soci::into(paid, paid_ind), soci::into(currency, cur_ind),
       soci::into(table, table_ind), soci::into(expected, expected_ind), soci::into(d.reference),
       soci::into(d.reason), soci::into(recoverable), soci::into(undoes, undoes_ind), soci::into(d.actor),
       soci::into(d.recorded_at));
  st.execute();
  while (st.fetch()) {
    DocketDecisionRow r = d;
    r.patent_id = patent_id;
    r.decided_on = stored_date(on);
    r.fee_paid = paid_ind == soci::i_ok ? std::optional<std::int64_t>(paid) : std::nullopt;
    r.fee_expected = expected_ind == soci::i_ok ? std::optional<std::int64_t>(expected) : std::nullopt;
    r.fee_currency = cur_ind == soci::i_ok ? currency : "";
    r.fee_table = table_ind == soci::i_ok ? table : "";
    r.recoverable = recoverable != 0;
    r.undoes_id = undoes_ind == soci::i_ok ? undoes : 0;
    out.push_back(std::move(r));
  }
  return out;
}

// ---- recoverable costs ---------------------------------------------------------

std::vector<std::pair<long long, std::string>> DocketStore::packages_of(long long patent_id, Date on) {
  std::vector<std::pair<long long, std::string>> out;
  long long id = 0;
  std::string code;
  const std::string day = on.to_string();
  soci::statement st = (soci_session(db_).prepare
                            << "SELECT DISTINCT k.id, k.code FROM package_member m JOIN package k ON k.id = m.package_id "
                               "WHERE m.patent_id = :p AND m.added_on <= :d AND (m.removed_on IS NULL OR :d2 < "
                               "m.removed_on) ORDER BY k.code",
                        soci::use(patent_id), soci::use(day), soci::use(day), soci::into(id), soci::into(code));
  st.execute();
  while (st.fetch()) out.emplace_back(id, code);
  return out;
}

void DocketStore::insert_recoverable_cost(long long decision_id, long long package_id, std::int64_t amount, Date on) {
  const long long a = amount;
  const std::string day = on.to_string();
  soci_session(db_) << "INSERT INTO docket_recoverable_cost (decision_id, package_id, amount_minor, spent_on) "
                       "VALUES (:d, :p, :a, :o)",
      soci::use(decision_id), soci::use(package_id), soci::use(a), soci::use(day);
}

std::vector<DocketRecoverableCost> DocketStore::recoverable_costs(long long package_id) {
  std::vector<DocketRecoverableCost> out;
  long long id = 0, amount = 0;
  std::string on;
  soci::statement st = (soci_session(db_).prepare
                            << "SELECT c.id, c.amount_minor, c.spent_on FROM docket_recoverable_cost c "
                               "WHERE c.package_id = :p AND NOT EXISTS (SELECT 1 FROM docket_decision u "
                               "WHERE u.undoes_id = c.decision_id) ORDER BY c.spent_on, c.id",
                        soci::use(package_id), soci::into(id), soci::into(amount), soci::into(on));
  st.execute();
  while (st.fetch()) out.push_back(DocketRecoverableCost{id, stored_date(on), amount});
  return out;
}

// ---- subscriptions -------------------------------------------------------------

long long DocketStore::insert_subscription(const std::string& secret_hash, long long user_id, const std::string& at) {
  return insert_row(db_, "calendar_subscription",
                    "INSERT INTO calendar_subscription (secret_hash, user_id, created_at) VALUES (:h, :u, :a)",
                    soci::use(secret_hash), soci::use(user_id), soci::use(at));
}

std::vector<CalendarSubscriptionRow> DocketStore::subscriptions(long long user_id) {
  std::vector<CalendarSubscriptionRow> out;
  CalendarSubscriptionRow r;
  std::string revoked;
  soci::indicator revoked_ind = soci::i_null;
  soci::statement st = (soci_session(db_).prepare
                            << "SELECT s.id, u.name, s.created_at, s.revoked_at FROM calendar_subscription s "
                               "JOIN api_user u ON u.id = s.user_id WHERE (:u = 0 OR s.user_id = :u2) ORDER BY s.id",
                        soci::use(user_id), soci::use(user_id), soci::into(r.id), soci::into(r.user),
                        soci::into(r.created_at), soci::into(revoked, revoked_ind));
  st.execute();
  while (st.fetch()) {
    CalendarSubscriptionRow row = r;
    row.revoked_at = revoked_ind == soci::i_ok ? std::optional<std::string>(revoked) : std::nullopt;
    out.push_back(std::move(row));
  }
  return out;
}

std::optional<CalendarSubscriptionRow> DocketStore::find_subscription(long long id) {
  CalendarSubscriptionRow r;
  std::string revoked;
  soci::indicator revoked_ind = soci::i_null;
  soci_session(db_) << "SELECT s.id, u.name, s.created_at, s.revoked_at FROM calendar_subscription s "
                       "JOIN api_user u ON u.id = s.user_id WHERE s.id = :i",
      soci::use(id), soci::into(r.id), soci::into(r.user), soci::into(r.created_at), soci::into(revoked, revoked_ind);
  if (!soci_session(db_).got_data()) return std::nullopt;
  if (revoked_ind == soci::i_ok) r.revoked_at = revoked;
  return r;
}

void DocketStore::revoke_subscription(long long id, const std::string& at) {
  soci_session(db_) << "UPDATE calendar_subscription SET revoked_at = :a WHERE id = :i AND revoked_at IS NULL",
      soci::use(at), soci::use(id);
}

std::optional<SubscriptionOwner> DocketStore::subscription_owner(const std::string& secret_hash) {
  SubscriptionOwner o;
  std::string code;
  soci::indicator code_ind = soci::i_null;
  soci_session(db_) << "SELECT u.name, u.role, i.code FROM calendar_subscription s JOIN api_user u ON u.id = s.user_id "
                       "LEFT JOIN institution i ON i.id = u.institution_id WHERE s.secret_hash = :h AND "
                       "s.revoked_at IS NULL AND u.disabled_at IS NULL",
      soci::use(secret_hash), soci::into(o.user), soci::into(o.role), soci::into(code, code_ind);
  if (!soci_session(db_).got_data()) return std::nullopt;
  if (code_ind == soci::i_ok) o.institution = code;
  return o;
}

std::optional<long long> DocketStore::max_patent_id() {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  soci_session(db_) << "SELECT MAX(id) FROM patent", soci::into(id, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return id;
}

}  // namespace chizai
