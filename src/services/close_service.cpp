#include "services/close_service.h"

#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "core/text.h"
#include "io/digest.h"
#include "io/json_writer.h"
#include "ledger/journal.h"
#include "services/history.h"
#include "store/journal_store.h"
#include "store/stored_values.h"
#include "store/sql_util.h"

namespace chizai {
namespace {

const std::string kPayablePrefix = payable_account("");  // "liabilities:payable:"

// The first day of a "YYYY-MM" month.
Result<Date> month_start(const std::string& month) {
  auto d = Date::parse(month + "-01");
  if (month.size() != 7 || !d || month_of(*d) != month) {
    return make_error(ErrorKind::kInvalid, "bad_month", "month '" + month + "' is not YYYY-MM", "month");
  }
  return *d;
}

std::string next_month(const std::string& month) { return month_of(month_start(month).value().add_months(1)); }

std::string code_of(const std::string& payable) { return payable.substr(kPayablePrefix.size()); }

// SQL matching postings to any institution's payable (no LIKE: its case
// folding and collations differ between the backends).
std::string payable_filter(const std::string* only) {
  if (only) return "p.account = :a";
  return "substr(p.account, 1, " + std::to_string(kPayablePrefix.size()) + ") = '" + kPayablePrefix + "'";
}

std::optional<std::string> closed_at(Database& db, const std::string& month) {
  std::string at;
  db.sql() << "SELECT closed_at FROM closed_month WHERE month = :m", soci::use(month), soci::into(at);
  if (!db.sql().got_data()) return std::nullopt;
  return at;
}

std::optional<Date> earliest_posting(Database& db) {
  std::string day;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT MIN(posted_on) FROM journal_entry", soci::into(day, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return stored_date(day);
}

struct InstitutionRow {
  long long id = 0;
  std::string code, name_en, name_ja;
};

std::map<std::string, InstitutionRow> load_institutions(Database& db, const std::string* only) {
  InstitutionRow r;
  soci::details::prepare_temp_type prep =
      (db.sql().prepare << std::string("SELECT id, code, name_en, name_ja FROM institution") +
                               (only ? " WHERE code = :c" : ""));
  prep, soci::into(r.id), soci::into(r.code), soci::into(r.name_en), soci::into(r.name_ja);
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  std::map<std::string, InstitutionRow> out;
  while (st.fetch()) out[r.code] = r;
  return out;
}

// Postings to payables in [start, end], per account.
struct Activity {
  std::vector<StatementLine> lines;
  std::vector<StatementPayout> payouts;
};

Result<std::map<std::string, Activity>> month_activity(Database& db, Date start, Date end,
                                                       const std::string* only) {
  std::string account, day, reference, currency;
  long long amount = 0;
  StatementLine l;
  const std::string from = start.to_string(), to = end.to_string();
  soci::details::prepare_temp_type prep =
      (db.sql().prepare
       << "SELECT p.account, e.posted_on, e.reference, p.currency, p.amount_minor, "
          "COALESCE(a.reference, ''), COALESCE(li.code, ''), COALESCE(pk.code, ''), "
          "COALESCE(pt.application_number, ''), COALESCE(p.income_type, ''), COALESCE(p.share, ''), "
          "COALESCE(p.payment_reference, '') "
          "FROM journal_entry e JOIN posting p ON p.entry_id = e.id "
          "LEFT JOIN agreement a ON a.id = p.agreement_id "
          "LEFT JOIN institution li ON li.id = a.licensee_id "
          "LEFT JOIN package pk ON pk.id = a.package_id "
          "LEFT JOIN patent pt ON pt.id = p.patent_id "
          "WHERE e.posted_on >= :s AND e.posted_on <= :e AND "
       << payable_filter(only) << " ORDER BY p.id");
  prep, soci::into(account), soci::into(day), soci::into(reference), soci::into(currency), soci::into(amount),
      soci::into(l.agreement), soci::into(l.licensee), soci::into(l.package), soci::into(l.patent),
      soci::into(l.income_type), soci::into(l.share), soci::into(l.payment_reference);
  prep, soci::use(from), soci::use(to);
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  std::map<std::string, Activity> out;
  while (st.fetch()) {
    if (currency != "JPY") {
      return make_error(ErrorKind::kRefused, "payable_not_jpy", "payable " + account + " has a posting in " + currency + " on " + day +
                                               " (payables are kept in JPY)");
    }
    Activity& a = out[account];
    // Postings carrying a payment reference are income routed to the
    // institution (credits) or taken back by a payment reversal (debits: a
    // negative line); the others are payouts (debits) or payout reversals
    // (credits: a negative payout).
    if (!l.payment_reference.empty()) {
      l.date = stored_date(day);
      l.amount = -amount;
      a.lines.push_back(l);
    } else {
      a.payouts.push_back({stored_date(day), reference, amount});
    }
  }
  return out;
}

// What each payable owed (positive) before `start`, from the postings.
Result<std::map<std::string, std::int64_t>> owed_before(Database& db, Date start, const std::string* only) {
  std::string account, currency;
  long long sum = 0;
  const std::string from = start.to_string();
  soci::details::prepare_temp_type prep =
      (db.sql().prepare << "SELECT p.account, p.currency, CAST(SUM(p.amount_minor) AS BIGINT) "
                           "FROM journal_entry e JOIN posting p ON p.entry_id = e.id WHERE e.posted_on < :s AND "
                        << payable_filter(only) << " GROUP BY p.account, p.currency");
  prep, soci::into(account), soci::into(currency), soci::into(sum), soci::use(from);
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  std::map<std::string, std::int64_t> out;
  while (st.fetch()) {
    if (currency != "JPY") {
      return make_error(ErrorKind::kRefused, "payable_not_jpy", "payable " + account + " has postings in " + currency +
                                               " (payables are kept in JPY)");
    }
    if (sum != 0) out[account] = -sum;
  }
  return out;
}

// The statements issued for a closed month, by institution code.
struct StoredRow {
  std::string code, sha256, body;
};

std::vector<StoredRow> stored_rows(Database& db, const std::string& month, const std::string* only) {
  StoredRow r;
  soci::details::prepare_temp_type prep =
      (db.sql().prepare << std::string("SELECT i.code, s.sha256, s.body FROM statement s JOIN institution i "
                                       "ON i.id = s.institution_id WHERE s.month = :m") +
                               (only ? " AND i.code = :c" : ""));
  prep, soci::into(r.code), soci::into(r.sha256), soci::into(r.body), soci::use(month);
  if (only) prep, soci::use(*only);
  soci::statement st(prep);
  st.execute();
  std::vector<StoredRow> out;
  while (st.fetch()) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const StoredRow& a, const StoredRow& b) { return a.code < b.code; });
  return out;
}

// A stored statement read back: its sha256 must still match its body.
Result<StatementView> view_of(const StoredRow& row, const std::string& month) {
  if (sha256_hex(row.body) != row.sha256) {
    return make_error(ErrorKind::kInternal, "statement_corrupt", "the stored statement of " + row.code + " for " + month +
                                               " does not match its sha256 " + row.sha256);
  }
  auto s = parse_statement_json(row.body);
  if (!s) return s.error();
  return StatementView{std::move(s).value(), row.body, row.sha256, true};
}

Result<std::vector<StatementView>> stored_views(Database& db, const std::string& month) {
  std::vector<StatementView> out;
  for (const auto& row : stored_rows(db, month, nullptr)) {
    auto v = view_of(row, month);
    if (!v) return v.error();
    out.push_back(std::move(v).value());
  }
  return out;
}

Result<StatementView> make_view(const InstitutionRow& inst, const std::string& month, std::int64_t opening,
                                Activity activity, bool provisional) {
  Statement s;
  s.institution = inst.code;
  s.institution_name_en = inst.name_en;
  s.institution_name_ja = inst.name_ja;
  s.month = month;
  s.provisional = provisional;
  s.opening_balance = opening;
  s.lines = std::move(activity.lines);
  s.payouts = std::move(activity.payouts);
  if (auto f = finish_statement(s); !f) return f.error();
  // The identity every statement must satisfy, checked again on the result.
  assert(s.closing_balance == s.opening_balance + s.income_total - s.payouts_total);
  StatementView v{std::move(s), {}, {}, !provisional};
  v.canonical = canonical_json(v.statement);
  v.sha256 = sha256_hex(v.canonical);
  return v;
}

// Opening balances of a month being closed: the previous month's closing
// balances when it is closed (every non-zero balance has a statement), else
// the sum of the postings before the month.
Result<std::map<std::string, std::int64_t>> opening_balances(Database& db, Date start) {
  const std::string previous = month_of(start.add_days(-1));
  if (!closed_at(db, previous)) return owed_before(db, start, nullptr);
  auto views = stored_views(db, previous);
  if (!views) return views.error();
  std::map<std::string, std::int64_t> out;
  for (const auto& v : *views) {
    if (v.statement.closing_balance != 0) out[payable_account(v.statement.institution)] = v.statement.closing_balance;
  }
  return out;
}

// Every statement of a month being closed, by institution code.
Result<std::vector<std::pair<long long, StatementView>>> month_statements(Database& db, const std::string& month,
                                                                          Date start) {
  auto opening = opening_balances(db, start);
  if (!opening) return opening.error();
  auto activity = month_activity(db, start, start.month_end(), nullptr);
  if (!activity) return activity.error();
  std::set<std::string> accounts;
  for (const auto& [account, a] : *activity) accounts.insert(account);
  for (const auto& [account, owed] : *opening) accounts.insert(account);
  const auto institutions = load_institutions(db, nullptr);
  std::vector<std::pair<long long, StatementView>> out;
  for (const auto& account : accounts) {
    auto inst = institutions.find(code_of(account));
    if (inst == institutions.end()) {
      return make_error(ErrorKind::kNotFound, "unknown_institution", "payable " + account + " names no known institution");
    }
    const auto o = opening->find(account);
    auto a = activity->find(account);
    auto v = make_view(inst->second, month, o == opening->end() ? 0 : o->second,
                       a == activity->end() ? Activity{} : std::move(a->second), false);
    if (!v) return v.error();
    out.emplace_back(inst->second.id, std::move(v).value());
  }
  return out;
}

void insert_close(Database& db, const std::string& month, const std::string& at,
                  const std::vector<std::pair<long long, StatementView>>& statements) {
  db.sql() << "INSERT INTO closed_month (month, closed_at) VALUES (:m, :a)", soci::use(month), soci::use(at);
  for (const auto& [institution_id, v] : statements) {
    const long long id = institution_id;
    db.sql() << "INSERT INTO statement (institution_id, month, sha256, body) VALUES (:i, :m, :s, :b)",
        soci::use(id), soci::use(month), soci::use(v.sha256), soci::use(v.canonical);
  }
}

std::string close_detail(const CloseOutcome& out) {
  JsonWriter w;
  w.begin_object().field("month", out.month).key("statements").begin_array();
  for (const auto& s : out.statements) {
    w.begin_object()
        .field("institution", s.institution)
        .field("closing_balance", s.closing_balance)
        .field("sha256", s.sha256)
        .end_object();
  }
  w.end_array().end_object();
  return w.take();
}

// TEST-ONLY (see the header): sleep before COMMIT so that a test can kill us.
void pause_before_commit_for_tests() {
  const char* text = std::getenv("CHIZAI_TEST_CLOSE_PAUSE_MS");
  if (!text) return;
  const auto ms = parse_int64(text);
  if (!ms || *ms <= 0) return;
  std::cerr << "close: paused before commit" << std::endl;
  std::this_thread::sleep_for(std::chrono::milliseconds(*ms));
}

Status check_order(Database& db, const std::string& month) {
  if (auto last = last_closed_month(db)) {
    const std::string next = next_month(*last);
    if (month < *last) {
      return make_error(ErrorKind::kRefused, "month_locked", "cannot close " + month + ": months up to " + *last +
                                            " are already locked; the next month to close is " + next);
    }
    if (month != next) {
      return make_error(ErrorKind::kRefused, "month_out_of_order", "cannot close " + month + ": months close in order; close " + next +
                                                  " first (the last closed month is " + *last + ")");
    }
  } else if (auto first = earliest_posting(db); first && month_of(*first) < month) {
    return make_error(ErrorKind::kRefused, "month_out_of_order", "cannot close " + month + ": months close in order; close " +
                                                month_of(*first) + " first (the earliest posting is dated " +
                                                first->to_string() + ")");
  }
  return {};
}

Status run_hooks(Database& db, const CloseHooks& hooks, const std::string& month, Date end) {
  if (hooks.issue_true_ups) {
    if (auto s = hooks.issue_true_ups(db, end); !s) {
      return with_message(s.error(), "cannot close " + month + ": the true-ups failed: " + s.error().message);
    }
  }
  if (hooks.check_ledger) {
    if (auto s = hooks.check_ledger(db, month); !s) {
      return with_message(s.error(), "cannot close " + month + ": the ledger check failed: " + s.error().message);
    }
  }
  return {};
}

CloseOutcome outcome_of(const std::string& month, const std::string& at, const std::vector<StatementView>& views) {
  CloseOutcome out{month, false, at, {}};
  for (const auto& v : views) out.statements.push_back({v.statement.institution, v.statement.closing_balance, v.sha256});
  return out;
}

}  // namespace

CloseService::CloseService(Database& db, std::string actor, CloseHooks hooks)
    : db_(db), actor_(std::move(actor)), hooks_(std::move(hooks)) {}

std::optional<std::string> CloseService::next_month_to_close() {
  if (auto last = last_closed_month(db_)) return next_month(*last);
  if (auto first = earliest_posting(db_)) return month_of(*first);
  return std::nullopt;
}

Result<CloseOutcome> CloseService::close(const std::string& month) {
  auto start = month_start(month);
  if (!start) return start.error();
  WriteTransaction tx(db_);
  // PostgreSQL: one close at a time (SQLite's BEGIN IMMEDIATE already is).
  if (db_.backend() == Backend::kPostgres) db_.sql() << "LOCK TABLE closed_month IN EXCLUSIVE MODE";
  if (auto at = closed_at(db_, month)) {
    auto views = stored_views(db_, month);
    if (!views) return views.error();
    CloseOutcome out = outcome_of(month, *at, *views);
    out.already_closed = true;
    return out;  // nothing written: the transaction rolls back
  }
  if (auto s = check_order(db_, month); !s) return s.error();
  if (auto s = run_hooks(db_, hooks_, month, start->month_end()); !s) return s.error();
  auto statements = month_statements(db_, month, *start);
  if (!statements) return statements.error();
  std::vector<StatementView> views;
  for (const auto& [id, v] : *statements) views.push_back(v);
  const CloseOutcome out = outcome_of(month, utc_now(), views);
  insert_close(db_, month, out.closed_at, *statements);
  record_change(db_, actor_, "month.close", "month", month, close_detail(out));
  pause_before_commit_for_tests();
  tx.commit();
  return out;
}

Result<StatementView> CloseService::statement(const std::string& institution, const std::string& month) {
  auto start = month_start(month);
  if (!start) return start.error();
  const auto institutions = load_institutions(db_, &institution);
  if (institutions.empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + institution + "'", "institution");
  }
  const InstitutionRow& inst = institutions.begin()->second;
  if (closed_at(db_, month)) {
    const auto rows = stored_rows(db_, month, &institution);
    if (rows.empty()) {
      return make_error(ErrorKind::kNotFound, "no_statement", "no statement was issued to " + institution + " for " + month +
                                            ": it had no activity and nothing owed");
    }
    return view_of(rows.front(), month);
  }
  if (auto last = last_closed_month(db_); last && month < *last) {
    return make_error(ErrorKind::kNotFound, "no_statement", "no statement for " + institution + " in " + month +
                                          ": it is before the first closed month, and nothing was posted in it");
  }
  const std::string account = payable_account(institution);
  auto owed = owed_before(db_, *start, &account);
  if (!owed) return owed.error();
  auto activity = month_activity(db_, *start, start->month_end(), &account);
  if (!activity) return activity.error();
  const auto o = owed->find(account);
  auto a = activity->find(account);
  return make_view(inst, month, o == owed->end() ? 0 : o->second,
                   a == activity->end() ? Activity{} : std::move(a->second), true);
}


Result<std::vector<StatementView>> CloseService::issued_statements(const std::string& institution) {
  if (load_institutions(db_, &institution).empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + institution + "'", "institution");
  }
  StoredRow r;
  std::string month;
  soci::statement st = (db_.sql().prepare << "SELECT i.code, s.month, s.sha256, s.body FROM statement s "
                                             "JOIN institution i ON i.id = s.institution_id "
                                             "WHERE i.code = :c ORDER BY s.month",
                        soci::into(r.code), soci::into(month), soci::into(r.sha256), soci::into(r.body),
                        soci::use(institution));
  st.execute();
  std::vector<StatementView> out;
  while (st.fetch()) {
    auto v = view_of(r, month);
    if (!v) return v.error();
    out.push_back(std::move(v).value());
  }
  return out;
}

namespace {


std::vector<std::string> distinct_strings(Database& db, const std::string& sql) {
  std::string value;
  soci::statement st = (db.sql().prepare << sql, soci::into(value));
  st.execute();
  std::vector<std::string> out;
  while (st.fetch()) out.push_back(value);
  return out;
}

// Per closed month (up to `until`), its statements' closing balances by
// institution code.
using ClosingsByMonth = std::map<std::string, std::map<std::string, std::int64_t>>;

Result<ClosingsByMonth> closings(Database& db, const std::optional<Date>& until) {
  ClosingsByMonth out;
  for (const auto& month : distinct_strings(db, "SELECT month FROM closed_month")) {
    if (until && month > month_of(*until)) continue;
    auto views = stored_views(db, month);
    if (!views) return views.error();
    auto& m = out[month];
    for (const auto& v : *views) m[v.statement.institution] = v.statement.closing_balance;
  }
  return out;
}

// Writes the entries in date order, and each closed month's assertions
// after the last entry on or before its end.
class HledgerStream {
 public:
  HledgerStream(std::ostream& out, ClosingsByMonth closings) : out_(out), closings_(std::move(closings)) {
    pending_ = closings_.begin();
  }

  Status entry(long long id, const JournalEntry& e) {
    if (auto s = assertions_before(e.posted_on); !s) return s;
    auto text = hledger_transaction(id, e);
    if (!text) return text.error();
    out_ << *text;
    for (const auto& p : e.postings) {
      if (p.account.rfind(kPayablePrefix, 0) == 0) payables_.insert(p.account);
    }
    return {};
  }

  // The assertions of every closed month ending before `day` (all: none).
  Status assertions_before(std::optional<Date> day) {
    for (; pending_ != closings_.end(); ++pending_) {
      const Date end = month_start(pending_->first).value().month_end();
      if (day && *day <= end) break;
      std::set<std::string> accounts = payables_;
      for (const auto& [code, closing] : pending_->second) accounts.insert(payable_account(code));
      std::vector<HledgerAssertion> as;
      for (const auto& account : accounts) {
        const auto it = pending_->second.find(code_of(account));
        as.push_back({account, "JPY", it == pending_->second.end() ? 0 : -it->second});
      }
      if (as.empty()) continue;
      auto text = hledger_assertions(end, "closing balances " + pending_->first + " (statements)", as);
      if (!text) return text.error();
      out_ << *text;
    }
    return {};
  }

 private:
  std::ostream& out_;
  ClosingsByMonth closings_;
  ClosingsByMonth::const_iterator pending_;
  std::set<std::string> payables_;
};

Status stream_entries(Database& db, const std::optional<Date>& until, HledgerStream& stream) {
  long long id = 0, amount = 0;
  std::string day, kind, reference, description;
  Posting p;
  const std::string last = until ? until->to_string() : std::string();
  soci::details::prepare_temp_type prep =
      (db.sql().prepare
       << "SELECT e.id, e.posted_on, e.kind, e.reference, e.description, p.account, p.currency, p.amount_minor, "
          "COALESCE(p.fx_rate, ''), COALESCE(i.code, ''), COALESCE(a.reference, ''), "
          "COALESCE(pt.application_number, ''), COALESCE(p.income_type, ''), COALESCE(p.share, ''), "
          "COALESCE(p.payment_reference, '') "
          "FROM journal_entry e JOIN posting p ON p.entry_id = e.id "
          "LEFT JOIN institution i ON i.id = p.institution_id "
          "LEFT JOIN agreement a ON a.id = p.agreement_id "
          "LEFT JOIN patent pt ON pt.id = p.patent_id"
       << (until ? " WHERE e.posted_on <= :u" : "") << " ORDER BY e.posted_on, e.id, p.id");
  prep, soci::into(id), soci::into(day), soci::into(kind), soci::into(reference), soci::into(description),
      soci::into(p.account), soci::into(p.currency), soci::into(amount), soci::into(p.fx_rate),
      soci::into(p.institution), soci::into(p.agreement), soci::into(p.patent), soci::into(p.income_type),
      soci::into(p.share), soci::into(p.payment_reference);
  if (until) prep, soci::use(last);
  soci::statement st(prep);
  st.execute();
  JournalEntry e;
  long long current = -1;
  while (st.fetch()) {
    if (id != current) {
      if (current >= 0) {
        if (auto s = stream.entry(current, e); !s) return s;
      }
      current = id;
      e = JournalEntry{stored_date(day), kind, reference, description, {}};
    }
    p.amount_minor = amount;
    e.postings.push_back(p);
  }
  if (current >= 0) return stream.entry(current, e);
  return {};
}

}  // namespace

Status CloseService::export_hledger(std::ostream& out, const std::string& through) {
  std::optional<Date> until;
  if (!through.empty()) {
    auto start = month_start(through);
    if (!start) return start.error();
    until = start->month_end();
  }
  ReadSnapshot snapshot(db_);
  std::vector<std::string> currencies = distinct_strings(db_, "SELECT DISTINCT currency FROM posting");
  currencies.push_back("JPY");
  auto declarations = hledger_declarations(currencies, distinct_strings(db_, "SELECT DISTINCT account FROM posting"));
  if (!declarations) return declarations.error();
  auto closed = closings(db_, until);
  if (!closed) return closed.error();
  out << "; Chizai ledger, exported for hledger"
      << (until ? " (entries up to " + until->to_string() + ")" : std::string()) << ".\n"
      << "; Each closed month ends with balance assertions of every institution payable,\n"
      << "; equal to the closing balances of the issued statements.\n\n"
      << *declarations;
  HledgerStream stream(out, std::move(closed).value());
  if (auto s = stream_entries(db_, until, stream); !s) return s;
  if (auto s = stream.assertions_before(std::nullopt); !s) return s;
  if (!out) return make_error(ErrorKind::kIo, "write_failed", "cannot write the hledger journal");
  return {};
}

}  // namespace chizai
