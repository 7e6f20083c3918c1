#include "services/close_service.h"

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
#include "store/close_store.h"
#include "store/journal_store.h"
#include "store/licensing_store.h"

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

using InstitutionRow = StatementInstitution;

// Postings to payables in [start, end], per account.
struct Activity {
  std::vector<StatementLine> lines;
  std::vector<StatementPayout> payouts;
};

bool is_aggregator_income(const std::string& account) {
  static const std::string kCostRecoveryPrefix = cost_recovery_account("");
  return account == aggregator_income_account() || account.rfind(kCostRecoveryPrefix, 0) == 0;
}

// The statement a posting belongs on: its payable's, or the aggregator's for
// the aggregator's income accounts.
const std::string& statement_account(const std::string& account, const std::string& aggregator_payable) {
  return is_aggregator_income(account) ? aggregator_payable : account;
}

// `aggregator`: the aggregator's code; empty: no aggregator statement (its
// income accounts are not read).
Result<std::map<std::string, Activity>> month_activity(Database& db, Date start, Date end,
                                                       const std::string* only, const std::string& aggregator) {
  std::map<std::string, Activity> out;
  const std::string aggregator_payable = aggregator.empty() ? std::string() : payable_account(aggregator);
  const bool with_aggregator = !aggregator.empty() && (!only || *only == aggregator_payable);
  auto s = for_each_payable_posting(db, start, end, only, [&](const PayablePosting& r) -> Status {
    if (r.currency != "JPY") {
      return make_error(ErrorKind::kRefused, "payable_not_jpy", "payable " + r.account + " has a posting in " + r.currency + " on " +
                                               r.day.to_string() + " (payables are kept in JPY)");
    }
    Activity& a = out[statement_account(r.account, aggregator_payable)];
    // Postings carrying a payment reference are income routed to the
    // institution (credits) or taken back by a payment reversal (debits: a
    // negative line); the others are payouts (debits) or payout reversals
    // (credits: a negative payout). The aggregator's income accounts only
    // ever take income.
    if (!r.line.payment_reference.empty() || is_aggregator_income(r.account)) {
      StatementLine l = r.line;
      l.date = r.day;
      l.amount = -r.amount;
      if (r.account != aggregator_income_account() && is_aggregator_income(r.account)) {
        l.note = "cost recovery (" + r.account + ")";
      }
      a.lines.push_back(std::move(l));
    } else {
      a.payouts.push_back({r.day, r.reference, r.amount});
    }
    return {};
  }, with_aggregator);
  if (!s) return s.error();
  // A late agreement's true-up says so on the lines of the payment that
  // settled it (the invoice's description: why it was issued at a later close).
  std::map<std::pair<std::string, std::string>, std::string> notes;  // (payment, agreement) → note
  for (auto& [account, a] : out) {
    for (StatementLine& l : a.lines) {
      if (l.income_type != "minimum_true_up" || l.payment_reference.empty()) continue;
      const auto key = std::make_pair(l.payment_reference, l.agreement);
      auto it = notes.find(key);
      if (it == notes.end()) {
        std::string note;
        for (const auto& d : late_true_up_notes(db, l.payment_reference, l.agreement)) note += (note.empty() ? "" : "; ") + d;
        it = notes.emplace(key, std::move(note)).first;
      }
      if (!it->second.empty()) l.note = it->second;
    }
  }
  return out;
}

// What each payable owed (positive) before `start`, from the postings; the
// aggregator's income so far under its payable's account.
Result<std::map<std::string, std::int64_t>> owed_before(Database& db, Date start, const std::string* only,
                                                        const std::string& aggregator) {
  std::map<std::string, std::int64_t> out;
  const std::string aggregator_payable = aggregator.empty() ? std::string() : payable_account(aggregator);
  const bool with_aggregator = !aggregator.empty() && (!only || *only == aggregator_payable);
  for (const auto& [account, currency, sum] : payable_sums_before(db, start, only, with_aggregator)) {
    if (currency != "JPY") {
      return make_error(ErrorKind::kRefused, "payable_not_jpy", "payable " + account + " has postings in " + currency +
                                               " (payables are kept in JPY)");
    }
    out[statement_account(account, aggregator_payable)] -= sum;
  }
  std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
  return out;
}

// A stored statement read back: its sha256 must still match its body, the
// body must be in the format recorded beside it, and rendering the body's
// statement again in that format must give the body byte for byte (so every
// rendering of it — CSV, HTML, the table — is the one of its version).
Result<StatementView> view_of(const StoredStatement& row, const std::string& month) {
  if (sha256_hex(row.body) != row.sha256) {
    return make_error(ErrorKind::kInternal, "statement_corrupt", "the stored statement of " + row.institution + " for " + month +
                                               " does not match its sha256 " + row.sha256);
  }
  auto s = parse_statement_json(row.body);
  if (!s) return s.error();
  if (s->format != row.format_version || canonical_json(*s) != row.body) {
    return make_error(ErrorKind::kInternal, "statement_corrupt",
                      "the stored statement of " + row.institution + " for " + month + " does not re-render as issued " +
                          "in format " + std::to_string(row.format_version) + " (its body says format " +
                          std::to_string(s->format) + ")");
  }
  return StatementView{std::move(s).value(), row.body, row.sha256, true};
}

Result<std::vector<StatementView>> stored_views(Database& db, const std::string& month) {
  std::vector<StatementView> out;
  for (const auto& row : stored_statements(db, month, nullptr)) {
    auto v = view_of(row, month);
    if (!v) return v.error();
    out.push_back(std::move(v).value());
  }
  return out;
}

Result<StatementView> make_view(const InstitutionRow& inst, const std::string& month, std::int64_t opening,
                                Activity activity, bool provisional, bool aggregator) {
  Statement s;
  s.party = aggregator ? "aggregator" : "institution";
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
  // A provisional statement carries no SHA-256: it is not issued, and a hash
  // would make it look like it was.
  if (!provisional) v.sha256 = sha256_hex(v.canonical);
  return v;
}

// Opening balances of a month being closed: the previous month's closing
// balances when it is closed (every non-zero balance has a statement), else
// the sum of the postings before the month. The aggregator's opening is its
// previous aggregator statement's closing; without one (the first close
// since statements of format 3) the sum of its postings before the month.
Result<std::map<std::string, std::int64_t>> opening_balances(Database& db, Date start, const std::string& aggregator) {
  const std::string previous = month_of(start.add_days(-1));
  if (!month_closed_at(db, previous)) return owed_before(db, start, nullptr, aggregator);
  auto views = stored_views(db, previous);
  if (!views) return views.error();
  std::map<std::string, std::int64_t> out;
  bool aggregator_found = false;
  for (const auto& v : *views) {
    const bool is_aggregator = !aggregator.empty() && v.statement.institution == aggregator;
    if (is_aggregator && !(v.statement.format >= 3 && v.statement.party == "aggregator")) continue;
    aggregator_found = aggregator_found || is_aggregator;
    if (v.statement.closing_balance != 0) out[payable_account(v.statement.institution)] = v.statement.closing_balance;
  }
  if (!aggregator.empty() && !aggregator_found) {
    const std::string account = payable_account(aggregator);
    auto owed = owed_before(db, start, &account, aggregator);
    if (!owed) return owed.error();
    if (auto o = owed->find(account); o != owed->end()) out[account] = o->second;
  }
  return out;
}

// Every statement of a month being closed, by institution code.
Result<std::vector<std::pair<long long, StatementView>>> month_statements(Database& db, const std::string& month,
                                                                          Date start, const std::string& aggregator) {
  auto opening = opening_balances(db, start, aggregator);
  if (!opening) return opening.error();
  auto activity = month_activity(db, start, start.month_end(), nullptr, aggregator);
  if (!activity) return activity.error();
  std::set<std::string> accounts;
  for (const auto& [account, a] : *activity) accounts.insert(account);
  for (const auto& [account, owed] : *opening) accounts.insert(account);
  const auto institutions = statement_institutions(db, nullptr);
  std::vector<std::pair<long long, StatementView>> out;
  for (const auto& account : accounts) {
    auto inst = institutions.find(code_of(account));
    if (inst == institutions.end()) {
      return make_error(ErrorKind::kNotFound, "unknown_institution", "payable " + account + " names no known institution");
    }
    const auto o = opening->find(account);
    auto a = activity->find(account);
    auto v = make_view(inst->second, month, o == opening->end() ? 0 : o->second,
                       a == activity->end() ? Activity{} : std::move(a->second), false,
                       !aggregator.empty() && inst->first == aggregator);
    if (!v) return v.error();
    out.emplace_back(inst->second.id, std::move(v).value());
  }
  return out;
}

void insert_close(Database& db, const std::string& month, const std::string& at,
                  const std::vector<std::pair<long long, StatementView>>& statements) {
  insert_closed_month(db, month, at);
  for (const auto& [institution_id, v] : statements) {
    insert_statement(db, institution_id, month, v.sha256, v.canonical, v.statement.format);
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
  } else if (auto first = earliest_posting_day(db); first && month_of(*first) < month) {
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
  CloseOutcome out{month, false, false, at, {}};
  for (const auto& v : views) out.statements.push_back({v.statement.institution, v.statement.closing_balance, v.sha256});
  return out;
}

}  // namespace

CloseService::CloseService(Database& db, std::string actor, CloseHooks hooks, std::string aggregator)
    : db_(db), actor_(std::move(actor)), hooks_(std::move(hooks)), aggregator_(std::move(aggregator)) {}

std::string CloseService::known_aggregator() {
  if (aggregator_.empty() || statement_institutions(db_, &aggregator_).empty()) return {};
  return aggregator_;
}

Result<Page<ClosedMonthRow>> CloseService::closed_months_page(const PageRequest& page) {
  if (!page.after.empty() && !month_start(page.after)) {
    return make_error(ErrorKind::kInvalid, "bad_request", "cursor '" + page.after + "' is not a month YYYY-MM", "cursor");
  }
  ReadSnapshot snapshot(db_);
  return page_of_rows(closed_month_rows(db_, page), page.limit, [](const ClosedMonthRow& r) { return r.month; });
}

Result<long long> CloseService::verify_issued_statements() {
  ReadSnapshot snapshot(db_);
  long long checked = 0;
  PageRequest page{"", 500};
  for (;;) {
    const auto rows = closed_month_rows(db_, page);
    for (std::size_t i = 0; i < rows.size() && i < page.limit; ++i) {
      auto views = stored_views(db_, rows[i].month);
      if (!views) return views.error();
      checked += static_cast<long long>(views->size());
    }
    if (rows.size() <= page.limit) break;
    page.after = rows[page.limit - 1].month;
  }
  return checked;
}

std::optional<std::string> CloseService::next_month_to_close() {
  if (auto last = last_closed_month(db_)) return next_month(*last);
  if (auto first = earliest_posting_day(db_)) return month_of(*first);
  return std::nullopt;
}

Result<CloseOutcome> CloseService::close(const std::string& month, bool dry_run) {
  auto start = month_start(month);
  if (!start) return start.error();
  WriteTransaction tx(db_);
  // PostgreSQL: one close at a time (SQLite's BEGIN IMMEDIATE already is).
  lock_months_for_close(db_);
  if (auto at = month_closed_at(db_, month)) {
    auto views = stored_views(db_, month);
    if (!views) return views.error();
    CloseOutcome out = outcome_of(month, *at, *views);
    out.already_closed = true;
    out.dry_run = dry_run;
    return out;  // nothing written: the transaction rolls back
  }
  if (auto s = check_order(db_, month); !s) return s.error();
  if (auto s = run_hooks(db_, hooks_, month, start->month_end()); !s) return s.error();
  auto statements = month_statements(db_, month, *start, known_aggregator());
  if (!statements) return statements.error();
  std::vector<StatementView> views;
  for (const auto& [id, v] : *statements) views.push_back(v);
  if (dry_run) {
    CloseOutcome preview = outcome_of(month, {}, views);
    preview.dry_run = true;
    return preview;  // nothing written: the true-ups and the checkpoint roll back with the transaction
  }
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
  const auto institutions = statement_institutions(db_, &institution);
  if (institutions.empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + institution + "'", "institution");
  }
  const InstitutionRow& inst = institutions.begin()->second;
  if (month_closed_at(db_, month)) {
    const auto rows = stored_statements(db_, month, &institution);
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
  const std::string aggregator = known_aggregator();
  auto owed = owed_before(db_, *start, &account, aggregator);
  if (!owed) return owed.error();
  auto activity = month_activity(db_, *start, start->month_end(), &account, aggregator);
  if (!activity) return activity.error();
  const auto o = owed->find(account);
  auto a = activity->find(account);
  return make_view(inst, month, o == owed->end() ? 0 : o->second,
                   a == activity->end() ? Activity{} : std::move(a->second), true,
                   !aggregator.empty() && institution == aggregator);
}


Result<Page<StatementView>> CloseService::issued_statements(const std::string& institution,
                                                           const PageRequest& page) {
  if (statement_institutions(db_, &institution).empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + institution + "'", "institution");
  }
  Page<StoredStatement> stored = statements_of_institution(db_, institution, page);
  Page<StatementView> out;
  out.next = std::move(stored.next);
  for (const auto& r : stored.items) {
    auto v = view_of(r, r.month);
    if (!v) return v.error();
    out.items.push_back(std::move(v).value());
  }
  return out;
}

namespace {

// Per closed month (up to `until`), its statements' closing balances by
// institution code. The aggregator's statement (format 3, party aggregator)
// sums several accounts (its income and any payable), which no single
// hledger account holds: it is left out, and so is an assertion of the
// aggregator's payable that month (kUnasserted).
using ClosingsByMonth = std::map<std::string, std::map<std::string, std::optional<std::int64_t>>>;

Result<ClosingsByMonth> closings(Database& db, const std::optional<Date>& until) {
  ClosingsByMonth out;
  for (const auto& month : closed_months(db)) {
    if (until && month > month_of(*until)) continue;
    auto views = stored_views(db, month);
    if (!views) return views.error();
    auto& m = out[month];
    for (const auto& v : *views) {
      const bool aggregator = v.statement.format >= 3 && v.statement.party == "aggregator";
      m[v.statement.institution] = aggregator ? std::nullopt : std::optional<std::int64_t>(v.statement.closing_balance);
    }
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
        if (it != pending_->second.end() && !it->second) continue;  // the aggregator's: not one account
        as.push_back({account, "JPY", it == pending_->second.end() ? 0 : -*it->second});
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
  return for_each_entry(db, until, [&](long long id, const JournalEntry& e) { return stream.entry(id, e); });
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
  std::vector<std::string> currencies = posting_currencies(db_);
  currencies.push_back("JPY");
  auto declarations = hledger_declarations(currencies, posting_accounts(db_));
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
