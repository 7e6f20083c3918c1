#include "services/docket_service.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/money.h"
#include "io/digest.h"
#include "io/json_writer.h"
#include "ledger/split.h"
#include "services/auth_service.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "store/docket_facts_store.h"
#include "store/lookup.h"

namespace chizai {

namespace {

constexpr std::size_t kBatch = 500;

// SHA-256 over the names and contents of the regular files under `dir`
// (sorted), or "none" when there is no such directory.
std::string directory_digest(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "none";
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  std::string all;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    all += fs::relative(f, dir, ec).generic_string();
    all += '\0';
    all += sha256_hex(text.str());
    all += '\0';
  }
  return sha256_hex(all);
}

std::string random_secret() {
  std::ifstream in("/dev/urandom", std::ios::binary);
  unsigned char bytes[32];
  if (!in.read(reinterpret_cast<char*>(bytes), sizeof bytes)) throw std::runtime_error("cannot read /dev/urandom");
  static const char* hex = "0123456789abcdef";
  std::string out = "cal_";
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::string optional_date(const std::optional<Date>& d) { return d ? d->to_string() : ""; }

// What a calendar client must be told changed: every field people see.
std::string content_hash(const docket::Task& t, const std::vector<std::pair<long long, DocketShareRow>>& shares) {
  std::string s = t.key + '\x1f' + t.kind + '\x1f' + t.jurisdiction + '\x1f' + t.label + '\x1f' +
                  t.nominal_due.to_string() + '\x1f' + t.due.to_string() + '\x1f' + optional_date(t.window_start) +
                  '\x1f' + optional_date(t.grace_end) + '\x1f' + (t.provisional ? "p" : "f");
  if (t.fee) {
    s += '\x1f' + std::to_string(t.fee->amount) + '\x1f' + std::to_string(t.fee->late_amount) + '\x1f' +
         t.fee->currency + '\x1f' + t.fee->table;
  }
  for (const auto& [id, share] : shares) {
    s += '\x1e' + std::to_string(id) + '\x1f' + (share.pays ? "1" : "0") + '\x1f' +
         (share.amount ? std::to_string(*share.amount) : "-");
  }
  return sha256_hex(s);
}

// Each payer's part of `fee`: the rule book's shares when it names payers,
// else the fee split over `payers` by their shares (largest remainder).
std::map<std::string, std::int64_t> fee_parts(const docket::Fee& fee, const std::vector<docket::OwnerFacts>& payers) {
  std::map<std::string, std::int64_t> out;
  bool named = !fee.shares.empty();
  for (const auto& s : fee.shares) named = named && !s.institution.empty();
  if (named) {
    for (const auto& s : fee.shares) out[s.institution] += s.amount;
    return out;
  }
  std::vector<SplitLine> lines;
  for (const auto& p : payers) lines.push_back(SplitLine{p.institution, p.share});
  auto split = split_largest_remainder(fee.amount, lines);
  if (!split) {
    // Shares that do not sum to 1 (a registry being edited): the first payer.
    if (!payers.empty()) out[payers.front().institution] = fee.amount;
    return out;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) out[lines[i].key] += split.value()[i];
  return out;
}

}  // namespace

Result<std::shared_ptr<const DocketRules>> load_docket_rules(const std::string& dir) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const DocketRules>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = loaded.find(dir); it != loaded.end()) return it->second;
  auto rules = docket::RuleBook::load(dir);
  if (!rules) return rules.error();
  const std::string calendars_dir = dir + "/calendars";
  auto calendars = docket::Calendars::load(calendars_dir);
  if (!calendars) return calendars.error();
  auto out = std::make_shared<DocketRules>();
  out->rules = std::move(rules).value();
  out->calendars = std::move(calendars).value();
  out->rules_version = out->rules.version();
  out->calendars_version = directory_digest(calendars_dir);
  const DocketRules* self = out.get();
  out->compute = [self](const docket::Application& app) {
    return docket::compute_tasks(app, self->rules, self->calendars);
  };
  out->fee_on = [self](const docket::Application& app, const docket::Task& task, Date paid_on) {
    return docket::fee_on(app, task, paid_on, self->rules);
  };
  loaded[dir] = out;
  return std::shared_ptr<const DocketRules>(out);
}

docket::TaskStatus docket_status(const std::string& state, Date last_day, Date today, bool performed,
                                 bool informational) {
  if (informational) return today > last_day ? docket::TaskStatus::kExpired : docket::TaskStatus::kExpires;
  if (state == "done") return docket::TaskStatus::kDone;
  if (state == "waived") return docket::TaskStatus::kWaived;
  if (performed) return docket::TaskStatus::kDone;  // carried out by a recorded event
  return today > last_day ? docket::TaskStatus::kMissed : docket::TaskStatus::kOpen;
}

Result<DocketQuery> read_docket_query(const DocketQueryText& text) {
  DocketQuery q;
  for (auto [value, field, out] : {std::tuple{&text.from, "from", &q.from}, std::tuple{&text.to, "to", &q.to}}) {
    if (value->empty()) continue;
    auto d = Date::parse(*value);
    if (!d) {
      return make_error(ErrorKind::kInvalid, "bad_date", std::string(field) + " '" + *value + "' is not a date (YYYY-MM-DD)",
                        field);
    }
    *out = d.value();
  }
  if (q.from && q.to && *q.to < *q.from) {
    return make_error(ErrorKind::kInvalid, "bad_filter",
                      "to " + q.to->to_string() + " is before from " + q.from->to_string(), "to");
  }
  if (!text.status.empty()) {
    if (!docket::parse_task_status(text.status)) {
      return make_error(ErrorKind::kInvalid, "bad_status",
                        "status '" + text.status + "' is not one of open, done, waived, missed, expires, expired",
                        "status");
    }
  }
  q.status = text.status;
  q.institution = text.institution;
  q.jurisdiction = text.jurisdiction;
  q.kind = text.kind;
  return q;
}

DocketService::DocketService(Database& db, std::shared_ptr<const DocketRules> rules, std::string actor, Date today)
    : db_(db), rules_(std::move(rules)), actor_(std::move(actor)), today_(today) {}

// ---- recomputation -------------------------------------------------------------------

Result<DocketRecompute> DocketService::recompute_range(long long after_id, long long last_id, std::size_t limit,
                                                       long long* last_seen) {
  DocketFactsStore facts(db_);
  std::vector<docket::Application> apps;
  if (last_id >= 0) {
    apps = facts.load_range(after_id, last_id, limit);
  } else {
    apps = facts.load_batch(after_id, limit);
  }
  DocketRecompute report;
  if (apps.empty()) return report;
  const long long first = apps.front().patent_id - 1;
  const long long last = apps.back().patent_id;
  if (last_seen) *last_seen = last;
  DocketStore store(db_);
  const auto existing = store.existing(first, last);
  // The earliest waived task's due date per patent: later tasks end there
  // (unless the task was an option: docket::waive_ends_application).
  std::map<long long, Date> waived_at;
  for (const auto& [key, e] : existing) {
    if (e.state != "waived" || !docket::waive_ends_application(e.kind)) continue;
    const Date due = Date::parse(e.due).value();
    auto it = waived_at.find(key.first);
    if (it == waived_at.end() || due < it->second) waived_at[key.first] = due;
  }
  std::map<std::string, long long> institution_ids;
  auto institution_id = [&](const std::string& code) -> long long {
    auto it = institution_ids.find(code);
    if (it != institution_ids.end()) return it->second;
    const long long id = find_institution_id(db_, code).value_or(0);
    institution_ids.emplace(code, id);
    return id;
  };
  const std::string now = utc_now();
  std::vector<NewDocketTask> out;
  for (const docket::Application& app : apps) {
    ++report.patents;
    auto tasks = rules_->compute(app);
    if (!tasks) {
      report.problems.push_back(app.number + ": " + tasks.error().message);
      continue;
    }
    const auto waived = waived_at.find(app.patent_id);
    for (docket::Task& t : tasks.value()) {
      auto old = existing.find({app.patent_id, t.key});
      if (old != existing.end() && old->second.state != "open") continue;  // decided: kept as it is
      if (waived != waived_at.end() && t.due > waived->second) continue;    // ended by the waive
      NewDocketTask n;
      n.patent_id = app.patent_id;
      n.rules_version = rules_->rules_version;
      n.calendars_version = rules_->calendars_version;
      const bool aggregator_pays = app.payer == docket::Payer::kAggregator && !app.payer_institution.empty();
      std::map<std::string, std::int64_t> parts;
      if (t.fee && !aggregator_pays) parts = fee_parts(*t.fee, app.owners);
      std::map<long long, DocketShareRow> shares;
      for (const docket::OwnerFacts& o : app.owners) {
        const long long id = institution_id(o.institution);
        if (id == 0) continue;
        DocketShareRow s{o.institution, !aggregator_pays, std::nullopt};
        if (t.fee && !aggregator_pays) s.amount = parts[o.institution];
        shares[id] = s;
      }
      if (aggregator_pays) {
        if (const long long id = institution_id(app.payer_institution); id != 0) {
          shares[id] = DocketShareRow{app.payer_institution, true,
                                      t.fee ? std::optional<std::int64_t>(t.fee->amount) : std::nullopt};
        }
      }
      for (auto& [id, s] : shares) n.shares.emplace_back(id, s);
      n.content_hash = content_hash(t, n.shares);
      if (old != existing.end()) {
        const bool same = old->second.content_hash == n.content_hash;
        n.sequence = same ? old->second.sequence : old->second.sequence + 1;
        n.modified_at = same ? old->second.modified_at : now;
      } else {
        n.modified_at = now;
      }
      n.task = std::move(t);
      out.push_back(std::move(n));
    }
  }
  store.delete_open(first, last);
  store.insert_tasks(out);
  report.tasks = static_cast<long long>(out.size());
  return report;
}

Result<DocketRecompute> DocketService::recompute(long long patent_id) {
  WriteTransaction tx(db_);
  long long seen = 0;
  auto r = recompute_range(patent_id - 1, patent_id, 1, &seen);
  if (!r) return r.error();
  if (r->patents == 0) {
    return make_error(ErrorKind::kNotFound, "unknown_patent", "no patent with id " + std::to_string(patent_id));
  }
  tx.commit();
  return r;
}


std::string docket_rules_dir(const std::function<std::string(const std::string&, const std::string&)>& setting) {
  return setting ? setting("docket.rules_dir", "config/docketing") : std::string("config/docketing");
}

Result<DocketRecompute> DocketService::recompute_patents(const std::vector<long long>& patent_ids) {
  WriteTransaction tx(db_);
  DocketRecompute total;
  // Runs of consecutive ids (an import's new patents are one run), at most
  // kBatch patents each: a few statements per run, not per patent.
  std::size_t i = 0;
  while (i < patent_ids.size()) {
    std::size_t j = i + 1;
    while (j < patent_ids.size() && j - i < kBatch && patent_ids[j] == patent_ids[j - 1] + 1) ++j;
    auto r = recompute_range(patent_ids[i] - 1, patent_ids[j - 1], j - i, nullptr);
    if (!r) return r.error();
    total.patents += r->patents;
    total.tasks += r->tasks;
    for (auto& p : r->problems) total.problems.push_back(std::move(p));
    i = j;
  }
  tx.commit();
  return total;
}

Database::FactsHook docket_recompute_hook(std::function<std::shared_ptr<const DocketRules>()> rules,
                                          std::string actor) {
  return [rules = std::move(rules), actor = std::move(actor)](Database& db, const std::vector<long long>& ids) {
    if (!DocketStore(db).versions()) return;  // no docket yet: its first use computes every task
    auto r = DocketService(db, rules(), actor, today_local()).recompute_patents(ids);
    if (!r) {
      throw std::runtime_error("the docket could not be recomputed for " + std::to_string(ids.size()) +
                               " patent(s): " + r.error().message);
    }
  };
}


DocketRecompute DocketService::recompute_all() {
  DocketRecompute total;
  long long after = 0;
  // kBatch applications are computed and written at a time (bounded
  // memory), and kBatchesPerCommit batches share one write transaction: at a
  // million applications, a commit per batch spent most of the time in
  // SQLite's WAL checkpoints and fsyncs, writing the same index pages again
  // and again. A transaction holds about 8,000 applications (a second or
  // two of work) so other writers still get their turn.
  constexpr int kBatchesPerCommit = 16;
  // Without SQLite's memory map while it runs (DocketStore::set_memory_map):
  // peak RSS under 1 GB at a million applications.
  struct Unmapped {
    Database& db;
    explicit Unmapped(Database& d) : db(d) { DocketStore(db).set_memory_map(false); }
    ~Unmapped() {
      try {
        DocketStore(db).set_memory_map(true);
      } catch (...) {
      }
    }
  } unmapped(db_);
  bool done = false;
  while (!done) {
    WriteTransaction tx(db_);
    for (int b = 0; b < kBatchesPerCommit; ++b) {
      long long seen = after;
      auto r = recompute_range(after, -1, kBatch, &seen);
      if (!r || r->patents == 0) {
        done = true;
        break;
      }
      total.patents += r->patents;
      total.tasks += r->tasks;
      for (auto& p : r->problems) total.problems.push_back(std::move(p));
      after = seen;
    }
    tx.commit();
  }
  WriteTransaction tx(db_);
  DocketStore(db_).set_versions({rules_->rules_version, rules_->calendars_version}, utc_now());
  tx.commit();
  return total;
}

bool DocketService::current() {
  const auto v = DocketStore(db_).versions();
  return v && v->rules == rules_->rules_version && v->calendars == rules_->calendars_version;
}

bool DocketService::ensure_current() {
  if (current()) return false;
  recompute_all();
  return true;
}

// ---- reading -----------------------------------------------------------------------

DocketTaskView DocketService::view(const StoredDocketTask& t) const {
  DocketTaskView v;
  v.number = t.number;
  v.task = t.task;
  v.status = docket_status(t.state, t.task.grace_end ? *t.task.grace_end : t.task.due, today_,
                           t.task.performed_on.has_value(), docket::informational_task_kind(t.task.kind));
  v.shares = t.shares;
  v.sequence = t.sequence;
  v.modified_at = t.modified_at;
  return v;
}

Result<Page<DocketTaskView>> DocketService::list(const DocketQuery& q, const PageRequest& page) {
  DocketFilter f;
  f.from = q.from;
  f.to = q.to;
  f.jurisdiction = q.jurisdiction;
  f.kind = q.kind;
  f.status = q.status;
  f.today = today_;
  if (!page.after.empty()) {
    const auto slash = page.after.find('/');
    const bool ok = slash != std::string::npos && Date::parse(page.after.substr(0, slash)) &&
                    slash + 1 < page.after.size() &&
                    page.after.find_first_not_of("0123456789", slash + 1) == std::string::npos &&
                    page.after.size() - slash - 1 <= 18;
    if (!ok) {
      return make_error(ErrorKind::kInvalid, "unknown_after", "'" + page.after + "' is not a key of the agenda",
                        "after");
    }
  }
  ReadSnapshot snapshot(db_);
  if (!q.institution.empty()) {
    const auto id = find_institution_id(db_, q.institution);
    if (!id) {
      return make_error(ErrorKind::kNotFound, "unknown_institution",
                        "unknown institution code '" + q.institution + "'", "institution");
    }
    f.institution_id = *id;
  }
  Page<StoredDocketTask> rows = DocketStore(db_).list(f, page);
  Page<DocketTaskView> out;
  out.next = rows.next;
  for (const auto& t : rows.items) out.items.push_back(view(t));
  return out;
}

Result<PatentDocket> DocketService::show(const std::string& number, const std::string& only_institution) {
  auto stored = RegistryService(db_).lookup_patent(number, "number", only_institution);
  if (!stored) return stored.error();
  ReadSnapshot snapshot(db_);
  const auto id = find_patent_id(db_, stored->patent.application_number);
  if (!id) {
    return make_error(ErrorKind::kNotFound, "unknown_patent", "patent " + number + " is not registered", "number");
  }
  PatentDocket out;
  out.number = stored->patent.application_number;
  DocketStore store(db_);
  for (const auto& t : store.tasks_of(*id)) {
    out.tasks.push_back(view(t));
    if (t.state == "waived" && docket::waive_ends_application(t.task.kind)) {
      const Date after = t.task.grace_end ? *t.task.grace_end : t.task.due;
      if (!out.lapse || after < out.lapse->after) out.lapse = DocketLapse{t.task.key, after, today_ > after};
    }
  }
  out.decisions = store.decisions(*id);
  return out;
}

// ---- decisions -----------------------------------------------------------------------

struct DocketService::Target {
  long long patent_id = 0;
  std::string number;
  StoredDocketTask task;
  std::vector<DocketDecisionRow> decisions;  // the task's, oldest first
};

Result<DocketService::Target> DocketService::target(const std::string& number, const std::string& task,
                                                    const std::string& only_institution) {
  auto stored = RegistryService(db_).lookup_patent(number, "number", only_institution);
  if (!stored) return stored.error();
  Target t;
  t.number = stored->patent.application_number;
  const auto id = find_patent_id(db_, t.number);
  if (!id) {
    return make_error(ErrorKind::kNotFound, "unknown_patent", "patent " + number + " is not registered", "number");
  }
  t.patent_id = *id;
  DocketStore store(db_);
  auto found = store.find(*id, task);
  if (!found) {
    return make_error(ErrorKind::kNotFound, "unknown_task",
                      "patent " + t.number + " has no task '" + task + "' (see chizai docket show " + t.number + ")",
                      "task");
  }
  if (docket::informational_task_kind(found->task.kind)) {
    return make_error(ErrorKind::kRefused, "not_an_action",
                      "task '" + task + "' of " + t.number + " (" + found->task.kind +
                          ") informs and asks for no action: it cannot be done, waived or undone",
                      "task");
  }
  t.task = std::move(*found);
  t.decisions = store.decisions(*id, task);
  return t;
}

namespace {

std::string decision_detail(const DocketDecisionRow& d) {
  JsonWriter w;
  w.begin_object().field("task", d.task_key).field("action", d.action).field("date", d.decided_on.to_string());
  if (d.fee_paid) {
    w.field("fee_paid_minor", *d.fee_paid).field("currency", d.fee_currency).field("fee_table", d.fee_table);
  }
  if (d.fee_expected) w.field("fee_expected_minor", *d.fee_expected);
  if (!d.reference.empty()) w.field("reference", d.reference);
  if (!d.reason.empty()) w.field("reason", d.reason);
  if (d.recoverable) w.field("recoverable", true);
  if (d.undoes_id != 0) w.field("undoes", static_cast<std::int64_t>(d.undoes_id));
  w.end_object();
  return w.take();
}

Error missing_reason() {
  return make_error(ErrorKind::kInvalid, "missing_reason", "a reason is required", "reason");
}

}  // namespace

Result<DocketDecisionResult> DocketService::done(const DocketDoneRequest& r, const std::string& only_institution) {
  auto date = Date::parse(r.date);
  if (r.date.empty() || !date) {
    return make_error(ErrorKind::kInvalid, "bad_date", "date '" + r.date + "' is not a date (YYYY-MM-DD)", "date");
  }
  if (*date > today_) {
    return make_error(ErrorKind::kInvalid, "bad_date",
                      "date " + date->to_string() + " is after today (" + today_.to_string() + ")", "date");
  }
  ensure_current();
  WriteTransaction tx(db_);
  auto t = target(r.number, r.task, only_institution);
  if (!t) return t.error();
  if (t->task.state != "open") {
    return make_error(ErrorKind::kConflict, "task_decided",
                      "task " + r.task + " of " + t->number + " is already " + t->task.state + ": undo it first",
                      "task");
  }
  DocketDecisionRow d;
  d.patent_id = t->patent_id;
  d.task_key = r.task;
  d.action = "done";
  d.decided_on = *date;
  d.reference = r.reference;
  d.actor = actor_;
  d.recorded_at = utc_now();
  DocketDecisionResult out;
  auto facts = DocketFactsStore(db_).load(t->patent_id);
  if (!facts) return make_error(ErrorKind::kNotFound, "unknown_patent", "patent " + r.number + " is not registered", "number");
  std::optional<docket::Fee> fee;
  // No fee table of the rule book in force that day (a payment older than
  // the tables it holds, imported from another system): the fee paid must
  // be given; it is recorded as given, in the task's currency, with no
  // expected amount.
  bool no_table = false;
  if (t->task.task.fee) {
    // The stored task does not keep its fee year (the fee table's row: JP
    // annual year, US stage, EP renewal year): the rules' computation from
    // the same facts gives it again.
    docket::Task task = t->task.task;
    if (rules_->compute) {
      auto computed = rules_->compute(*facts);
      if (!computed) return computed.error();
      for (const docket::Task& c : computed.value()) {
        if (c.key == task.key) {
          task.year = c.year;
          break;
        }
      }
    }
    auto f = rules_->fee_on(*facts, task, *date);
    if (!f && f.error().code == "no_fee_table" && !r.fee.empty()) {
      no_table = true;
      fee = *t->task.task.fee;
      fee->table.clear();
    } else if (!f) {
      return f.error();
    } else {
      fee = f.value();
    }
  } else if (!r.fee.empty()) {
    return make_error(ErrorKind::kRefused, "no_fee", "task " + r.task + " has no official fee: leave out the fee",
                      "fee");
  }
  if (!r.currency.empty()) {
    if (!fee) {
      return make_error(ErrorKind::kRefused, "no_fee",
                        "task " + r.task + " has no official fee: leave out the currency", "currency");
    }
    if (r.currency != fee->currency) {
      return make_error(ErrorKind::kRefused, "currency_mismatch",
                        "currency " + r.currency + " is not the fee's (" + fee->currency + ", " + fee->table + ")",
                        "currency");
    }
  }
  if (fee) {
    const std::int64_t expected = *date > (t->task.task.due) ? fee->late_amount : fee->amount;
    std::int64_t paid = expected;
    if (!r.fee.empty()) {
      auto currency = Currency::of(fee->currency);
      if (!currency) return currency.error();
      auto m = Money::parse(r.fee, currency.value());
      if (!m || m->minor() < 0) {
        return make_error(ErrorKind::kInvalid, "bad_amount",
                          "fee '" + r.fee + "' is not an amount in " + fee->currency +
                              (m ? " (negative)" : ": " + m.error().message),
                          "fee");
      }
      paid = m->minor();
      if (no_table) {
        out.warnings.push_back("no " + t->task.task.jurisdiction + " fee table in force on " + date->to_string() +
                               ": the fee paid is recorded as given");
      } else if (paid != expected) {
        out.warnings.push_back("fee paid " + Money(paid, currency.value()).to_string() + " " + fee->currency +
                               " differs from the expected " + Money(expected, currency.value()).to_string() + " " +
                               fee->currency + " (" + fee->table + ")");
      }
    }
    d.fee_paid = paid;
    if (!no_table) d.fee_expected = expected;
    d.fee_currency = fee->currency;
    d.fee_table = fee->table;
  }
  std::vector<std::pair<long long, std::string>> packages;
  DocketStore store(db_);
  if (r.recoverable) {
    if (facts->payer != docket::Payer::kAggregator) {
      return make_error(ErrorKind::kRefused, "not_recoverable",
                        "the aggregator does not pay " + t->number +
                            "'s fees (not aggregated under an assignment): its fees are not costs of the scheme",
                        "recoverable");
    }
    if (!d.fee_paid || *d.fee_paid == 0) {
      return make_error(ErrorKind::kRefused, "not_recoverable", "task " + r.task + " has no fee paid to recover",
                        "recoverable");
    }
    if (d.fee_currency != "JPY") {
      return make_error(ErrorKind::kRefused, "currency_mismatch",
                        "only JPY fees can be recovered from licence income (this fee is in " + d.fee_currency + ")",
                        "recoverable");
    }
    packages = store.packages_of(t->patent_id, *date);
    if (packages.empty()) {
      return make_error(ErrorKind::kRefused, "not_in_package",
                        t->number + " is in no package on " + date->to_string() + ": there is nothing to recover from",
                        "recoverable");
    }
    d.recoverable = true;
  }
  d.id = store.insert_decision(d);
  if (!packages.empty()) {
    std::vector<SplitLine> lines;
    for (const auto& [id, code] : packages) {
      lines.push_back(SplitLine{code, Fraction::make(1, static_cast<std::int64_t>(packages.size())).value()});
    }
    auto parts = split_largest_remainder(*d.fee_paid, lines);
    if (!parts) return parts.error();
    for (std::size_t i = 0; i < packages.size(); ++i) {
      store.insert_recoverable_cost(d.id, packages[i].first, parts.value()[i], *date);
    }
  }
  const std::string now = utc_now();
  store.set_state(t->patent_id, r.task, "done", now);
  if (fee && !no_table) store.set_fee(t->patent_id, r.task, *fee);
  record_change(db_, actor_, "docket.done", "patent", t->number, decision_detail(d));
  out.decision = d;
  out.task = view(*store.find(t->patent_id, r.task));
  out.task.number = t->number;
  tx.commit();
  return out;
}

Result<DocketDecisionRow> DocketService::append_decision(long long patent_id, const std::string& number,
                                                         const std::string& task, const char* action,
                                                         const std::string& reason, long long undoes_id,
                                                         const char* state) {
  DocketDecisionRow d;
  d.patent_id = patent_id;
  d.task_key = task;
  d.action = action;
  d.decided_on = today_;
  d.reason = reason;
  d.undoes_id = undoes_id;
  d.actor = actor_;
  d.recorded_at = utc_now();
  DocketStore store(db_);
  d.id = store.insert_decision(d);
  store.set_state(patent_id, task, state, d.recorded_at);
  record_change(db_, actor_, std::string("docket.") + action, "patent", number, decision_detail(d));
  auto re = recompute(patent_id);
  if (!re) return re.error();
  return d;
}

ImportReport DocketService::import_done(const std::vector<DocketDoneImportRow>& rows) {
  const auto started = std::chrono::steady_clock::now();
  ImportReport report;
  ensure_current();
  WriteTransaction tx(db_);
  for (const DocketDoneImportRow& row : rows) {
    ++report.read;
    WriteTransaction one(db_);  // a savepoint: a refused row leaves nothing
    auto r = done(row.request);
    if (!r) {
      one.rollback();
      report.problems.push_back({row.line, row.request.number, r.error().field, r.error().message, r.error().code});
      ++report.rejected;
      continue;
    }
    one.commit();
    ++report.inserted;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report.problems.empty()) {
    report.inserted = 0;
    return report;  // the transaction rolls back: nothing written
  }
  tx.commit();
  report.written = true;
  return report;
}

Result<DocketDecisionResult> DocketService::waive(const std::string& number, const std::string& task,
                                                  const std::string& reason, const std::string& only_institution) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) return missing_reason();
  ensure_current();
  WriteTransaction tx(db_);
  auto t = target(number, task, only_institution);
  if (!t) return t.error();
  if (t->task.state != "open") {
    return make_error(ErrorKind::kConflict, "task_decided",
                      "task " + task + " of " + t->number + " is already " + t->task.state + ": undo it first",
                      "task");
  }
  // The later tasks end (unless it was an option: docket::waive_ends_application).
  auto d = append_decision(t->patent_id, t->number, task, "waive", reason, 0, "waived");
  if (!d) return d.error();
  DocketDecisionResult out;
  out.decision = *d;
  out.task = view(*DocketStore(db_).find(t->patent_id, task));
  tx.commit();
  return out;
}

Result<DocketDecisionResult> DocketService::undo(const std::string& number, const std::string& task,
                                                 const std::string& reason, const std::string& only_institution) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) return missing_reason();
  ensure_current();
  WriteTransaction tx(db_);
  auto t = target(number, task, only_institution);
  if (!t) return t.error();
  if (t->task.state == "open" || t->decisions.empty() || t->decisions.back().action == "undo") {
    return make_error(ErrorKind::kConflict, "nothing_to_undo",
                      "task " + task + " of " + t->number + " has no decision in force to undo", "task");
  }
  // Fresh dates and fee; the later tasks back.
  auto d = append_decision(t->patent_id, t->number, task, "undo", reason, t->decisions.back().id, "open");
  if (!d) return d.error();
  DocketDecisionResult out;
  out.decision = *d;
  if (auto now = DocketStore(db_).find(t->patent_id, task)) {
    out.task = view(*now);
  } else {
    out.task.number = t->number;
    out.task.task = t->task.task;
  }
  tx.commit();
  return out;
}

// ---- subscriptions ---------------------------------------------------------------------

namespace {

std::optional<long long> api_user_id(Database& db, const std::string& user) {
  if (auto u = AuthService(db).find_user(user)) return u->id;
  return std::nullopt;
}

}  // namespace

Result<IssuedSubscription> DocketService::create_subscription(const std::string& user) {
  WriteTransaction tx(db_);
  const auto id = api_user_id(db_, user);
  if (!id) return make_error(ErrorKind::kNotFound, "unknown_user", "no API user '" + user + "'", "user");
  IssuedSubscription out;
  out.user = user;
  out.secret = random_secret();
  out.id = DocketStore(db_).insert_subscription(sha256_hex(out.secret), *id, utc_now());
  JsonWriter w;
  w.begin_object().field("id", static_cast<std::int64_t>(out.id)).field("user", user).end_object();
  record_change(db_, actor_, "calendar_subscription.create", "user", user, w.take());
  tx.commit();
  return out;
}

Result<std::vector<CalendarSubscriptionRow>> DocketService::list_subscriptions(const std::string& user) {
  ReadSnapshot snapshot(db_);
  long long id = 0;
  if (!user.empty()) {
    const auto found = api_user_id(db_, user);
    if (!found) return make_error(ErrorKind::kNotFound, "unknown_user", "no API user '" + user + "'", "user");
    id = *found;
  }
  return DocketStore(db_).subscriptions(id);
}

Result<CalendarSubscriptionRow> DocketService::revoke_subscription(long long id, const std::string& user) {
  WriteTransaction tx(db_);
  DocketStore store(db_);
  auto s = store.find_subscription(id);
  if (!s || (!user.empty() && s->user != user)) {
    return make_error(ErrorKind::kNotFound, "unknown_subscription", "no calendar subscription " + std::to_string(id),
                      "id");
  }
  if (!s->revoked_at) {
    const std::string now = utc_now();
    store.revoke_subscription(id, now);
    s->revoked_at = now;
    JsonWriter w;
    w.begin_object().field("id", static_cast<std::int64_t>(id)).field("user", s->user).end_object();
    record_change(db_, actor_, "calendar_subscription.revoke", "user", s->user, w.take());
  }
  tx.commit();
  return *s;
}

std::optional<SubscriptionOwner> calendar_subscription_owner(Database& db, std::string_view secret) {
  if (secret.empty()) return std::nullopt;
  return DocketStore(db).subscription_owner(sha256_hex(secret));
}

}  // namespace chizai
