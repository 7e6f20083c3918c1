#include "store/fees_store.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "ledger/journal.h"
#include "store/session.h"

namespace chizai {
namespace {

// Runs `sql` (binding `day` to every :d1, :d2, … it names, up to `uses`)
// and collects (patent id, code) pairs into a sorted, distinct list per id.
std::map<long long, std::vector<std::string>> codes_by_patent(Database& db, const std::string& sql,
                                                              const std::string& day, int uses) {
  soci::session& s = soci_session(db);
  long long id = 0;
  std::string code;
  soci::details::prepare_temp_type prep = (s.prepare << sql);
  prep, soci::into(id), soci::into(code);
  const std::string names[] = {"d1", "d2", "d3", "d4", "d5", "d6"};
  for (int i = 0; i < uses; ++i) prep, soci::use(day, names[i]);
  soci::statement st(prep);
  st.execute();
  std::map<long long, std::vector<std::string>> out;
  while (st.fetch()) out[id].push_back(code);
  for (auto& [pid, codes] : out) {
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  }
  return out;
}

// A payable account's prefix, compared with substr (LIKE folds case and
// differs between the backends).
std::string payable_prefix_test(const std::string& column) {
  const std::string payable = payable_account("");
  return "substr(" + column + ", 1, " + std::to_string(payable.size()) + ") = '" + payable + "'";
}

}  // namespace

std::map<long long, std::vector<std::string>> FeesStore::packages_on(const std::string& day) {
  return codes_by_patent(db_,
                         "SELECT m.patent_id, p.code FROM package_member m JOIN package p ON p.id = m.package_id "
                         "WHERE m.added_on <= :d1 AND (m.removed_on IS NULL OR m.removed_on > :d2)",
                         day, 2);
}

std::map<long long, std::vector<std::string>> FeesStore::licences_on(const std::string& day) {
  return codes_by_patent(
      db_,
      "SELECT ap.patent_id, g.reference FROM agreement_patent ap JOIN agreement g ON g.id = ap.agreement_id "
      "WHERE g.starts_on <= :d1 AND g.ends_on >= :d2 "
      "UNION SELECT m.patent_id, g.reference FROM agreement g JOIN package_member m ON m.package_id = g.package_id "
      "WHERE g.starts_on <= :d3 AND g.ends_on >= :d4 AND m.added_on <= :d5 "
      "AND (m.removed_on IS NULL OR m.removed_on > :d6)",
      day, 6);
}

std::map<long long, std::int64_t> FeesStore::income_by_patent() {
  const std::string sql =
      "SELECT p.patent_id, CAST(SUM(p.amount_minor) AS BIGINT) FROM posting p "
      "JOIN journal_entry e ON e.id = p.entry_id WHERE p.patent_id IS NOT NULL "
      "AND e.kind IN ('payment', 'payment_reversal') AND p.currency = 'JPY' AND " +
      payable_prefix_test("p.account") + " GROUP BY p.patent_id";
  long long id = 0, sum = 0;
  soci::statement st = (soci_session(db_).prepare << sql, soci::into(id), soci::into(sum));
  st.execute();
  std::map<long long, std::int64_t> out;
  // Credits to a payable are negative postings.
  while (st.fetch()) out[id] = -sum;
  return out;
}

std::map<long long, std::vector<std::string>> FeesStore::projects_on(const std::string& day) {
  return codes_by_patent(
      db_,
      "SELECT m.patent_id, r.code FROM project r JOIN package_member m ON m.package_id = r.package_id "
      "WHERE r.starts_on <= :d1 AND r.ends_on >= :d2 AND m.added_on <= :d3 "
      "AND (m.removed_on IS NULL OR m.removed_on > :d4) "
      "UNION SELECT b.patent_id, r.code FROM project r JOIN project_basic_patent b ON b.project_id = r.id "
      "WHERE r.starts_on <= :d5 AND r.ends_on >= :d6",
      day, 6);
}

std::map<std::string, std::int64_t> FeesStore::open_deals_by_package() {
  std::string code;
  long long n = 0;
  soci::statement st = (soci_session(db_).prepare
                            << "SELECT p.code, CAST(COUNT(*) AS BIGINT) FROM deal d JOIN package p ON p.id = d.package_id "
                               "WHERE d.stage IN ('lead', 'contacted', 'nda', 'negotiation') GROUP BY p.code",
                        soci::into(code), soci::into(n));
  st.execute();
  std::map<std::string, std::int64_t> out;
  while (st.fetch()) out[code] = n;
  return out;
}

std::int64_t FeesStore::licence_income_between(const std::string& from, const std::string& to) {
  const std::string sql =
      "SELECT CAST(COALESCE(SUM(p.amount_minor), 0) AS BIGINT) FROM posting p "
      "JOIN journal_entry e ON e.id = p.entry_id WHERE e.kind IN ('payment', 'payment_reversal') "
      "AND p.currency = 'JPY' AND e.posted_on >= :f AND e.posted_on <= :t AND (" +
      payable_prefix_test("p.account") + " OR substr(p.account, 1, 7) = 'income:')";
  long long sum = 0;
  soci_session(db_) << sql, soci::use(from, "f"), soci::use(to, "t"), soci::into(sum);
  return -sum;
}

}  // namespace chizai

namespace chizai {
namespace {

// The Japanese fiscal year (April–March) of a stored "YYYY-MM-DD" day.
const char* kFiscalYearOfDue =
    "(CAST(SUBSTR(t.due, 1, 4) AS INTEGER) - CASE WHEN SUBSTR(t.due, 6, 2) < '04' THEN 1 ELSE 0 END)";

// Runs one grouped sum over the stored fees: `group` and `amount` are SQL
// expressions ("" group: none), `from_joins` what follows FROM, `where`
// the extra conditions; binds the query's days and institution.
void sum_stored_fees(Database& db, const StoredFeeQuery& q, const std::string& group, const std::string& amount,
                     const std::string& from_joins, const std::string& where, std::vector<StoredFeeSum>& out) {
  const std::string unit =
      q.split_foreign ? "CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE " + amount + " END" : std::string();
  std::string sql = std::string("SELECT ") + kFiscalYearOfDue + ", " + (group.empty() ? "''" : group) +
                    ", t.fee_currency, " + (unit.empty() ? "0" : unit) + ", CAST(SUM(" + amount +
                    ") AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM " + from_joins +
                    " WHERE t.fee_amount_minor IS NOT NULL AND t.due >= :f AND t.due < :u" + where;
  if (!q.institution.empty()) {
    sql += " AND t.patent_id IN (SELECT o.patent_id FROM patent_owner o JOIN institution oi ON oi.id = "
           "o.institution_id WHERE oi.code = :i)";
  }
  // Grouped by the expressions themselves (no constant in GROUP BY).
  sql += std::string(" GROUP BY ") + kFiscalYearOfDue + (group.empty() ? "" : ", " + group) + ", t.fee_currency" +
         (unit.empty() ? "" : ", " + unit);
  StoredFeeSum row;
  long long fy = 0;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  prep, soci::into(fy), soci::into(row.group), soci::into(row.currency), soci::into(row.unit), soci::into(row.amount),
      soci::into(row.fees);
  if (!q.package_day.empty() && from_joins.find(":d1") != std::string::npos) {
    prep, soci::use(q.package_day, "d1"), soci::use(q.package_day, "d2");
  }
  prep, soci::use(q.from, "f"), soci::use(q.until, "u");
  if (!q.institution.empty()) prep, soci::use(q.institution, "i");
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    row.fiscal_year = static_cast<int>(fy);
    out.push_back(row);
  }
}

}  // namespace

std::vector<StoredFeeSum> FeesStore::stored_fee_sums_scan(const StoredFeeQuery& q) {
  std::vector<StoredFeeSum> out;
  const std::string tasks = "docket_task t";
  if (q.by.empty()) {
    sum_stored_fees(db_, q, "", "t.fee_amount_minor", tasks, "", out);
  } else if (q.by == "jurisdiction") {
    sum_stored_fees(db_, q, "t.jurisdiction", "t.fee_amount_minor", tasks, "", out);
  } else if (q.by == "payer") {
    sum_stored_fees(db_, q, "CASE WHEN a.patent_id IS NULL THEN 'owners' ELSE 'aggregator' END", "t.fee_amount_minor",
                    tasks + " LEFT JOIN (SELECT DISTINCT patent_id FROM aggregation WHERE mode = 'assignment') a "
                            "ON a.patent_id = t.patent_id",
                    "", out);
  } else if (q.by == "package") {
    sum_stored_fees(db_, q, "COALESCE(k.code, '')", "t.fee_amount_minor",
                    tasks + " LEFT JOIN (SELECT DISTINCT m.patent_id, p.code FROM package_member m JOIN package p "
                            "ON p.id = m.package_id WHERE m.added_on <= :d1 AND (m.removed_on IS NULL OR "
                            "m.removed_on > :d2)) k ON k.patent_id = t.patent_id",
                    "", out);
  } else if (q.by == "institution") {
    // Each payer's part, as the recomputation stored it. (The unary plus
    // keeps SQLite from driving the join by institution through
    // docket_task_share_institution: every share probed into docket_task
    // at random, 2.4x slower on the benchmark's data than the tasks of the
    // period by due date with their shares by key.)
    sum_stored_fees(db_, q, "i.code", "s.amount_minor",
                    tasks + " JOIN docket_task_share s ON s.patent_id = t.patent_id AND s.task_key = t.task_key "
                            "JOIN institution i ON i.id = +s.institution_id",
                    " AND s.pays = 1 AND s.amount_minor IS NOT NULL", out);
    // A fee nobody registered pays (an application without owners): "".
    sum_stored_fees(db_, q, "", "t.fee_amount_minor", tasks,
                    " AND NOT EXISTS (SELECT 1 FROM docket_task_share s WHERE s.patent_id = t.patent_id AND "
                    "s.task_key = t.task_key AND s.pays = 1 AND s.amount_minor IS NOT NULL)",
                    out);
  }
  return out;
}

namespace {

// (fiscal year, group, currency, unit) → (amount, fees)
using SumKey = std::tuple<int, std::string, std::string, long long>;
using Sums = std::map<SumKey, std::pair<long long, long long>>;

void add_sums(Sums& acc, const std::vector<StoredFeeSum>& rows, long long sign, const std::string* group = nullptr) {
  for (const StoredFeeSum& r : rows) {
    auto& v = acc[SumKey{r.fiscal_year, group != nullptr ? *group : r.group, r.currency, r.unit}];
    v.first += sign * r.amount;
    v.second += sign * r.fees;
  }
}

// Months as year * 12 + month - 1, from "YYYY-MM-DD".
int month_index(const std::string& day) { return std::stoi(day.substr(0, 4)) * 12 + std::stoi(day.substr(5, 2)) - 1; }

std::string month_text(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

bool is_day(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
}

// docket_fee_sum's rows of months from <= month < until with `which`
// (a condition on f.institution_id), grouped by `group` (SQL; "" none).
void sum_months(Database& db, const std::string& from_month, const std::string& until_month, bool split_foreign,
                const std::string& which, const std::string& group, const std::string& joins,
                std::vector<StoredFeeSum>& out) {
  const std::string fy =
      "(CAST(SUBSTR(f.month, 1, 4) AS INTEGER) - CASE WHEN SUBSTR(f.month, 6, 2) < '04' THEN 1 ELSE 0 END)";
  const std::string unit = split_foreign ? "f.unit" : "0";
  const std::string sql = "SELECT " + fy + ", " + (group.empty() ? "''" : group) + ", f.currency, " + unit +
                          ", CAST(SUM(f.amount_minor) AS BIGINT), CAST(SUM(f.fees) AS BIGINT) FROM docket_fee_sum f" +
                          joins + " WHERE f.month >= :a AND f.month < :b AND " + which + " GROUP BY " + fy +
                          (group.empty() ? "" : ", " + group) + ", f.currency" +
                          (split_foreign ? ", f.unit" : "");
  StoredFeeSum row;
  long long year = 0;
  soci::statement st = (soci_session(db).prepare << sql, soci::into(year), soci::into(row.group),
                        soci::into(row.currency), soci::into(row.unit), soci::into(row.amount), soci::into(row.fees),
                        soci::use(from_month, "a"), soci::use(until_month, "b"));
  st.execute();
  while (st.fetch()) {
    row.fiscal_year = static_cast<int>(year);
    out.push_back(row);
  }
}

}  // namespace

std::vector<StoredFeeSum> FeesStore::stored_fee_sums(const StoredFeeQuery& q) {
  // One institution's applications: a few thousand, read from the tasks.
  if (!q.institution.empty() || !is_day(q.from) || !is_day(q.until)) return stored_fee_sums_scan(q);
  // The months summed from docket_fee_sum: first <= month < last. A
  // partial month at either end is read from the tasks (the days in the
  // period), or, when those are more than half of it, summed whole less the
  // days outside the period read from the tasks: at most about half a month
  // of tasks is read at each end.
  const int from_month = month_index(q.from), until_month = month_index(q.until);
  if (from_month == until_month) return stored_fee_sums_scan(q);
  const int from_day = std::stoi(q.from.substr(8, 2)), until_day = std::stoi(q.until.substr(8, 2));
  struct Scan {
    std::string from, until;
    long long sign;
  };
  std::vector<Scan> scans;
  int first = from_month, last = until_month;
  if (from_day > 15) {
    first = from_month + 1;
    scans.push_back({q.from, month_text(first) + "-01", 1});
  } else if (from_day > 1) {
    scans.push_back({month_text(from_month) + "-01", q.from, -1});
  }
  if (until_day > 16) {
    last = until_month + 1;
    scans.push_back({q.until, month_text(last) + "-01", -1});
  } else if (until_day > 1) {
    scans.push_back({month_text(until_month) + "-01", q.until, 1});
  }
  if (first >= last) return stored_fee_sums_scan(q);
  const std::string first_day = month_text(first) + "-01", last_day = month_text(last) + "-01";
  Sums acc;
  StoredFeeQuery part = q;
  for (const Scan& scan : scans) {
    part.from = scan.from;
    part.until = scan.until;
    add_sums(acc, stored_fee_sums_scan(part), scan.sign);
  }
  const std::string a = month_text(first), b = month_text(last);
  std::vector<StoredFeeSum> rows;
  if (q.by.empty()) {
    sum_months(db_, a, b, q.split_foreign, "f.institution_id = 0", "", "", rows);
    add_sums(acc, rows, 1);
  } else if (q.by == "jurisdiction") {
    sum_months(db_, a, b, q.split_foreign, "f.institution_id = 0", "f.jurisdiction", "", rows);
    add_sums(acc, rows, 1);
  } else if (q.by == "institution") {
    sum_months(db_, a, b, q.split_foreign, "f.institution_id > 0", "i.code",
               " JOIN institution i ON i.id = f.institution_id", rows);
    sum_months(db_, a, b, q.split_foreign, "f.institution_id = -1", "", "", rows);
    add_sums(acc, rows, 1);
  } else if (q.by == "payer" || q.by == "package") {
    // Every fee of the months, less those of the subset read below.
    sum_months(db_, a, b, q.split_foreign, "f.institution_id = 0", "", "", rows);
    const std::string rest = q.by == "payer" ? "owners" : "";
    add_sums(acc, rows, 1, &rest);
    part.from = first_day;
    part.until = last_day;
    // The subset drives the join (SQLite: CROSS JOIN keeps that order;
    // otherwise it reads every task of the months by due date).
    const std::string join = db_.backend() == Backend::kSqlite ? " CROSS JOIN " : " JOIN ";
    std::vector<StoredFeeSum> subset, each;
    if (q.by == "payer") {
      sum_stored_fees(db_, part, "", "t.fee_amount_minor",
                      "(SELECT DISTINCT patent_id FROM aggregation WHERE mode = 'assignment') a" + join +
                          "docket_task t ON t.patent_id = a.patent_id",
                      "", subset);
      const std::string aggregator = "aggregator";
      add_sums(acc, subset, 1, &aggregator);
    } else {
      const std::string members =
          "FROM package_member m JOIN package p ON p.id = m.package_id WHERE m.added_on <= :d1 AND "
          "(m.removed_on IS NULL OR m.removed_on > :d2)";
      sum_stored_fees(db_, part, "k.code", "t.fee_amount_minor",
                      "(SELECT DISTINCT m.patent_id, p.code " + members + ") k" + join +
                          "docket_task t ON t.patent_id = k.patent_id",
                      "", each);
      add_sums(acc, each, 1);
      sum_stored_fees(db_, part, "", "t.fee_amount_minor",
                      "(SELECT DISTINCT m.patent_id " + members + ") k" + join +
                          "docket_task t ON t.patent_id = k.patent_id",
                      "", subset);
    }
    add_sums(acc, subset, -1, &rest);
  } else {
    return stored_fee_sums_scan(q);
  }
  std::vector<StoredFeeSum> out;
  for (const auto& [k, v] : acc) {
    if (v.second == 0) continue;
    StoredFeeSum r;
    std::tie(r.fiscal_year, r.group, r.currency, r.unit) = k;
    r.amount = v.first;
    r.fees = v.second;
    out.push_back(std::move(r));
  }
  return out;
}

long long FeesStore::count_applications(const std::string& institution) {
  long long n = 0;
  if (institution.empty()) {
    soci_session(db_) << "SELECT CAST(COUNT(*) AS BIGINT) FROM patent", soci::into(n);
  } else {
    soci_session(db_) << "SELECT CAST(COUNT(DISTINCT o.patent_id) AS BIGINT) FROM patent_owner o JOIN institution i "
                         "ON i.id = o.institution_id WHERE i.code = :i",
        soci::use(institution), soci::into(n);
  }
  return n;
}

}  // namespace chizai
