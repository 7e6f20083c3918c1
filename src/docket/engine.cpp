// The rules engine: an application's tasks from its events, the rule book
// (rules.cpp reads config/docketing/) and the office calendars. One pass over
// the events collects the facts; each rule the application's office has then
// adds its tasks; every date goes through the office's calendar.
#include "docket/engine.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "docket/fees.h"
#include "docket/rules.h"

namespace chizai::docket {
namespace {

// The facts the rules read, from one pass over the events.
struct Facts {
  std::optional<Date> international_filing;
  std::optional<Date> examination_request;
  std::optional<Date> allowance;
  std::optional<Date> grant;
  std::optional<Date> end;  // the earliest lapse, abandonment or expiry
  int term_days = 0;
  std::vector<const Event*> validations;
  std::vector<const Event*> national_entries;
  std::vector<const Event*> office_actions;
  std::vector<const Event*> responses;
};

Facts scan(const Application& app) {
  Facts f;
  for (const Event& e : app.events) {
    switch (e.kind) {
      case EventKind::kInternationalFiling:
        if (!f.international_filing) f.international_filing = e.date;
        break;
      case EventKind::kExaminationRequest:
        if (!f.examination_request) f.examination_request = e.date;
        break;
      case EventKind::kAllowance:
        f.allowance = e.date;  // the latest decision to grant counts
        break;
      case EventKind::kGrant:
        if (!f.grant) f.grant = e.date;
        break;
      case EventKind::kLapse:
      case EventKind::kAbandonment:
      case EventKind::kExpiry:
        if (!f.end || e.date < *f.end) f.end = e.date;
        break;
      case EventKind::kTermAdjustment:
        f.term_days += e.days.value_or(0);
        break;
      case EventKind::kValidation:
        f.validations.push_back(&e);
        break;
      case EventKind::kNationalPhaseEntry:
        f.national_entries.push_back(&e);
        break;
      case EventKind::kOfficeAction:
        f.office_actions.push_back(&e);
        break;
      case EventKind::kOfficeActionResponse:
        f.responses.push_back(&e);
        break;
      case EventKind::kPublication:
      case EventKind::kEntityStatus:
        break;
    }
  }
  return f;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "3.5" for 42 months.
std::string years_text(int months) {
  std::string s = std::to_string(months / 12);
  if (months % 12 == 6) return s + ".5";
  if (months % 12 != 0) return s + "+" + std::to_string(months % 12) + "m";
  return s;
}

class Builder {
 public:
  Builder(const Application& app, const Calendars& cal, std::vector<Task>& out)
      : app_(app), cal_(cal), out_(out) {}

  // `t` with nominal_due (and grace_end unmoved) set: moves both to the
  // office's working days and keeps it unless it falls after the end.
  Status add(Task&& t, const std::optional<Date>& end) {
    if (end && t.nominal_due > *end) return {};
    auto due = move(t.jurisdiction, t.nominal_due);
    if (!due) return due.error();
    t.due = due->date;
    t.provisional = due->provisional;
    if (t.grace_end) {
      auto g = move(t.jurisdiction, *t.grace_end);
      if (!g) return g.error();
      t.grace_end = g->date;
      t.provisional = t.provisional || g->provisional;
    }
    out_.push_back(std::move(t));
    return {};
  }

 private:
  // The office's next working day; a date outside the calendars (before 2000
  // or after 2040) or in an office without a calendar stays as it is and is
  // marked provisional.
  Result<WorkingDay> move(std::string_view office, Date d) const {
    // calendar.h: the calendars cover 2000-01-01..2040-12-31 (checked here
    // first so the common far-future date costs no error message).
    static const Date first = Date::from_ymd(2000, 1, 1).value();
    static const Date last = Date::from_ymd(2040, 12, 31).value();
    if (d < first || d > last) return WorkingDay{d, true};
    auto wd = cal_.next_working_day(office, d);
    // Beyond the calendars, or an office they do not cover (CN): the nominal
    // day, marked provisional rather than guessed.
    if (!wd && (wd.error().code == "date_outside_calendar" || wd.error().code == "unknown_office")) {
      return WorkingDay{d, true};
    }
    return wd;
  }

  const Application& app_;
  const Calendars& cal_;
  std::vector<Task>& out_;
};

Task make(std::string key, const char* kind, std::string_view office, std::string label, Date nominal) {
  Task t;
  t.key = std::move(key);
  t.kind = kind;
  t.jurisdiction = std::string(office);
  t.label = std::move(label);
  t.nominal_due = nominal;
  return t;
}

Status attach_fee(const Application& app, Task& t, const FeeQuery& q) {
  auto fee = compute_fee(app, q);
  if (!fee) return fee.error();
  if (*fee) t.fee = std::move(**fee);
  return {};
}

// The date the term runs from: the parent's for a continuation or divisional,
// the international filing date for a national phase, else the filing date.
Date term_base(const Application& app, const Facts& f) {
  if (app.term_base) return *app.term_base;
  if (f.international_filing) return *f.international_filing;
  return app.filing_date;
}

std::optional<Date> expiry_date(const Application& app, const JurisdictionRules& j, const Facts& f) {
  if (!j.expiry) return std::nullopt;
  return term_base(app, f).add_years(j.expiry->years).add_days(f.term_days);
}

// Renewal fee due dates (EP, DE, FR, GB, UP): the last day of the month of
// the filing anniversary starting patent year `y`.
Date renewal_due(Date base, int y) { return base.add_years(y - 1).month_end(); }

Status renewals(const Application& app, const Facts& f, const JurisdictionRules& j, const RenewalRule& r,
                std::string_view office, Date base, std::optional<Date> expiry, const std::optional<Date>& end,
                Builder& b) {
  const std::string prefix = lower(office) + ".renewal.";
  for (int y = r.first_year; y <= r.last_year; ++y) {
    const Date original = renewal_due(base, y);
    Date nominal = original;
    if (expiry && original >= *expiry) break;
    if (r.phase == RenewalPhase::kApplication) {
      // EPC art. 86(2): fees due after the grant go to the validated states.
      if (f.grant && original > *f.grant) break;
      if (r.euro_pct_months > 0 && f.international_filing) {
        const Date entry = app.earliest_priority.value_or(*f.international_filing).add_months(r.euro_pct_months);
        if (nominal < entry) nominal = entry;
      }
    } else {
      if (!f.grant || original <= *f.grant) continue;
      if (r.after_grant_months > 0) {
        const Date first_allowed = f.grant->add_months(r.after_grant_months).month_end();
        if (nominal < first_allowed && original.add_years(-1) <= *f.grant) nominal = first_allowed;
      }
    }
    Task t = make(prefix + std::to_string(y), "renewal_fee", office,
                  std::string(office) + " renewal fee, year " + std::to_string(y), nominal);
    t.year = y;
    const int early = (y == r.first_year && r.first_window_months > 0) ? r.first_window_months : r.window_months;
    t.window_start = original.add_months(-early);
    // Rule 51(2): to the last day of the sixth month after a month-end due
    // date; six months from a deferred (Euro-PCT, GB after grant) due date.
    const Date grace = nominal.add_months(r.grace_months);
    t.grace_end = r.grace_to_month_end && nominal == nominal.month_end() ? grace.month_end() : grace;
    FeeQuery q;
    q.rules = &j;
    q.table = r.table;
    q.year = y;
    q.table_date = nominal;
    q.rule_surcharge_percent = r.surcharge_percent;
    q.grace_months = r.grace_months;
    if (auto s = attach_fee(app, t, q); !s) return s;
    if (auto s = b.add(std::move(t), end); !s) return s;
  }
  return {};
}

// JP: 60 days for a domestic applicant, 3 months when every owner is abroad.
// US: the shortened statutory period, extendable by month. EP: as set.
Status office_actions(const Application& app, const Facts& f, const JurisdictionRules& j, const OfficeActionRule& r,
                      const std::optional<Date>& end, Builder& b) {
  std::vector<bool> used(f.responses.size(), false);
  for (const Event* oa : f.office_actions) {
    std::optional<Date> performed;
    // The response naming this action, else the first unclaimed response after it.
    for (std::size_t i = 0; i < f.responses.size() && !performed; ++i) {
      if (!used[i] && !oa->reference.empty() && f.responses[i]->reference == oa->reference) {
        used[i] = true;
        performed = f.responses[i]->date;
      }
    }
    for (std::size_t i = 0; i < f.responses.size() && !performed; ++i) {
      if (!used[i] && f.responses[i]->reference.empty() && f.responses[i]->date >= oa->date) {
        used[i] = true;
        performed = f.responses[i]->date;
      }
    }
    Date nominal = oa->date;
    std::string assumed;
    if (oa->months || oa->days) {
      nominal = oa->date.add_months(oa->months.value_or(0)).add_days(oa->days.value_or(0));
    } else if (r.domestic_days > 0) {
      const bool foreign = !app.owners.empty() && std::all_of(app.owners.begin(), app.owners.end(),
                                                              [](const OwnerFacts& o) { return o.country != "JP"; });
      nominal = foreign ? oa->date.add_months(r.foreign_months) : oa->date.add_days(r.domestic_days);
    } else if (r.months > 0) {
      nominal = oa->date.add_months(r.months);
    } else {
      nominal = oa->date.add_months(r.default_months);
      assumed = " (period not recorded: " + std::to_string(r.default_months) + " months assumed)";
    }
    auto name = [](const Event* e) { return e->reference.empty() ? e->date.to_string() : e->reference; };
    std::string ref = name(oa);
    // Two actions with one reference (or on one day without one): the
    // second is "<ref>.2", and so on, in event order.
    int same = 0;
    for (const Event* other : f.office_actions) {
      if (other == oa) break;
      if (name(other) == ref) ++same;
    }
    if (same > 0) ref += "." + std::to_string(same + 1);
    Task t = make("oa." + ref, "office_action_response", app.jurisdiction,
                  app.jurisdiction + " office action " + ref + ": response" + assumed, nominal);
    t.window_start = oa->date;
    t.performed_on = performed;
    if (r.max_months > 0 && r.extension_table >= 0) {
      t.grace_end = oa->date.add_months(r.max_months);
      FeeQuery q;
      q.rules = &j;
      q.table = r.extension_table;
      q.year = std::max(1, r.max_months - (oa->months.value_or(r.months)));
      q.table_date = nominal;
      q.surcharge_allowed = false;
      if (auto fee = compute_fee(app, q); !fee) {
        return fee.error();
      } else if (*fee) {
        // On time no fee; late_amount: the longest extension.
        Fee fx = std::move(**fee);
        fx.late_amount = fx.amount;
        fx.amount = 0;
        for (FeeShare& s : fx.shares) s.amount = 0;
        t.fee = std::move(fx);
      }
    }
    if (auto s = b.add(std::move(t), end); !s) return s;
  }
  return {};
}

}  // namespace

Result<std::vector<Task>> compute_tasks(const Application& app, const RuleBook& rules, const Calendars& calendars) {
  std::vector<Task> out;
  if (!rules.data) return out;
  const RuleBookData& book = *rules.data;
  const JurisdictionRules* j = book.find(app.jurisdiction);
  if (!j) return out;  // no rules for this office: nothing to docket
  const Facts f = scan(app);
  out.reserve(24);
  Builder b(app, calendars, out);
  const std::optional<Date>& end = f.end;
  const std::optional<Date> expiry = expiry_date(app, *j, f);
  const bool is_pct = app.kind == PatentKind::kPct || app.jurisdiction == "WO";

  // Paris priority: a first filing (no priority claimed, not a national
  // phase, not a continuation or divisional).
  if (j->paris && !is_pct && !app.earliest_priority && !f.international_filing && !app.term_base) {
    const int months = app.kind == PatentKind::kDesign ? j->paris->design_months : j->paris->months;
    if (months > 0) {
      Task t = make("paris.priority", "paris_priority", app.jurisdiction, "Paris priority: last day to file abroad",
                    app.filing_date.add_months(months));
      if (auto s = b.add(std::move(t), end); !s) return s.error();
    }
  }

  // PCT national/regional phase from a WO application.
  if (j->national_phase && is_pct) {
    const Date priority = app.earliest_priority.value_or(app.filing_date);
    for (const NationalPhaseRule::Office& o : j->national_phase->offices) {
      Task t = make("pct.national." + o.office, "national_phase", o.office,
                    "PCT national phase entry: " + o.office + " (" + std::to_string(o.months) + " months)",
                    priority.add_months(o.months));
      for (const Event* e : f.national_entries) {
        if (e->reference == o.office) t.performed_on = e->date;
      }
      if (auto s = b.add(std::move(t), end); !s) return s.error();
    }
  }

  // JP request for examination (not when an allowance or grant shows it was
  // requested without the event being recorded).
  if (j->examination && app.kind == PatentKind::kPatent &&
      (f.examination_request || (!f.allowance && !f.grant))) {
    Date nominal = (f.international_filing ? *f.international_filing : app.filing_date)
                       .add_months(j->examination->months);
    if (app.term_base) {
      nominal = std::max(app.term_base->add_months(j->examination->months), app.filing_date.add_days(30));
    }
    Task t = make("jp.examination", "examination_request", app.jurisdiction, "Request for examination", nominal);
    t.performed_on = f.examination_request;
    if (auto s = b.add(std::move(t), end); !s) return s.error();
  }

  // JP annual fees: years 1-3 within 30 days of the allowance, then each
  // year by the anniversary of the registration.
  if (j->annual && app.kind == PatentKind::kPatent) {
    const AnnualRule& r = *j->annual;
    FeeQuery q;
    q.rules = j;
    q.table = r.table;
    q.jp_annual = true;
    if (f.allowance) {
      Task t = make("jp.annual.1-" + std::to_string(r.first_years), "annual_fee", app.jurisdiction,
                    "JP annual fees, years 1-" + std::to_string(r.first_years) + " (registration)",
                    f.allowance->add_days(r.first_days_after_allowance));
      t.year = 1;
      t.window_start = *f.allowance;
      q.year = 1;
      q.years = r.first_years;
      q.table_date = t.nominal_due;
      q.surcharge_allowed = false;
      if (auto s = attach_fee(app, t, q); !s) return s.error();
      if (auto s = b.add(std::move(t), end); !s) return s.error();
    }
    if (f.grant) {
      for (int y = r.first_years + 1; y <= r.last_year; ++y) {
        const Date nominal = f.grant->add_years(y - 1);
        if (expiry && nominal >= *expiry) break;
        Task t = make("jp.annual." + std::to_string(y), "annual_fee", app.jurisdiction,
                      "JP annual fee, year " + std::to_string(y), nominal);
        t.year = y;
        t.window_start = *f.grant;
        t.grace_end = nominal.add_months(r.grace_months);
        q.year = y;
        q.years = 1;
        q.table_date = nominal;
        q.surcharge_allowed = true;
        q.rule_surcharge_percent = r.surcharge_percent;
        q.grace_months = r.grace_months;
        if (auto s = attach_fee(app, t, q); !s) return s.error();
        if (auto s = b.add(std::move(t), end); !s) return s.error();
      }
    }
  }

  // US maintenance fees: 3.5, 7.5 and 11.5 years after grant (utility patents).
  if (j->maintenance && f.grant && app.kind == PatentKind::kPatent) {
    const MaintenanceRule& r = *j->maintenance;
    for (std::size_t i = 0; i < r.stages_months.size(); ++i) {
      const int m = r.stages_months[i];
      const Date nominal = f.grant->add_months(m);
      if (expiry && nominal >= *expiry) break;
      Task t = make("us.maintenance." + years_text(m), "maintenance_fee", app.jurisdiction,
                    "US maintenance fee, " + years_text(m) + " years", nominal);
      t.year = static_cast<int>(i) + 1;
      t.window_start = f.grant->add_months(m - r.window_months);
      t.grace_end = f.grant->add_months(m + r.grace_months);
      FeeQuery q;
      q.rules = j;
      q.table = r.table;
      q.year = t.year;
      q.table_date = nominal;
      q.grace_months = r.grace_months;
      if (auto s = attach_fee(app, t, q); !s) return s.error();
      if (auto s = b.add(std::move(t), end); !s) return s.error();
    }
  }

  // Renewal fees: to the EPO while the application is pending, then to each
  // validated state (or for the Unitary Patent) after the grant.
  if (j->renewal && j->renewal->phase == RenewalPhase::kApplication && app.kind == PatentKind::kPatent) {
    if (auto s = renewals(app, f, *j, *j->renewal, app.jurisdiction, term_base(app, f), expiry, end, b); !s) {
      return s.error();
    }
  }
  if (f.grant && app.kind == PatentKind::kPatent) {
    std::vector<const JurisdictionRules*> done;
    for (const Event* v : f.validations) {
      const JurisdictionRules* state = book.find(v->reference);
      if (!state || !state->renewal || state->renewal->phase != RenewalPhase::kValidation) continue;
      if (std::find(done.begin(), done.end(), state) != done.end()) continue;  // validated once
      done.push_back(state);
      if (auto s = renewals(app, f, *state, *state->renewal, state->code, term_base(app, f), expiry, end, b); !s) {
        return s.error();
      }
    }
  }

  if (j->office_action) {
    if (auto s = office_actions(app, f, *j, *j->office_action, end, b); !s) return s.error();
  }

  // The end of the term (not a time limit: not moved to a working day).
  if (expiry && !is_pct && app.kind != PatentKind::kProvisional && (!end || *expiry <= *end)) {
    Task t = make("expiry", "expiry", app.jurisdiction, "End of the patent term", *expiry);
    t.due = *expiry;
    out.push_back(std::move(t));
  }

  // Due-date order: sort indices, then move each task once.
  std::array<std::uint16_t, 256> idx_buf;
  std::vector<std::uint16_t> idx_heap;
  std::uint16_t* idx = idx_buf.data();
  if (out.size() > idx_buf.size()) {
    idx_heap.resize(out.size());
    idx = idx_heap.data();
  }
  for (std::size_t i = 0; i < out.size(); ++i) idx[i] = static_cast<std::uint16_t>(i);
  std::sort(idx, idx + out.size(), [&](std::uint16_t x, std::uint16_t y) {
    if (out[x].due != out[y].due) return out[x].due < out[y].due;
    return out[x].key < out[y].key;
  });
  std::vector<Task> sorted;
  sorted.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) sorted.push_back(std::move(out[idx[i]]));
  return sorted;
}

Result<Fee> fee_on(const Application& app, const Task& task, Date paid_on, const RuleBook& rules) {
  const JurisdictionRules* j = rules.data ? rules.data->find(task.jurisdiction) : nullptr;
  auto no_fee = [&] {
    return make_error(ErrorKind::kRefused, "no_fee", "task " + task.key + " has no official fee");
  };
  if (!j) return no_fee();
  if (task.window_start && paid_on < *task.window_start) {
    return make_error(ErrorKind::kRefused, "fee_outside_window",
                      "task " + task.key + " cannot be paid before " + task.window_start->to_string() + " (paid on " +
                          paid_on.to_string() + ")",
                      "date");
  }
  const Date last = task.grace_end.value_or(task.due);
  if (paid_on > last) {
    return make_error(ErrorKind::kRefused, "fee_outside_window",
                      "task " + task.key + " could be paid until " + last.to_string() + " (paid on " +
                          paid_on.to_string() + ")",
                      "date");
  }
  // Whole or started months after the due date (0: on time).
  int late_months = 0;
  if (paid_on > task.due) {
    late_months = 1;
    while (paid_on > task.nominal_due.add_months(late_months) && late_months < 24) ++late_months;
  }
  FeeQuery q;
  q.rules = j;
  q.table_date = paid_on;
  q.year = task.year;
  q.late_months = late_months;
  if (task.kind == "annual_fee" && j->annual) {
    q.table = j->annual->table;
    q.jp_annual = true;
    if (task.year == 1) {
      q.years = j->annual->first_years;
      q.surcharge_allowed = false;
    } else {
      q.rule_surcharge_percent = j->annual->surcharge_percent;
      q.grace_months = j->annual->grace_months;
    }
  } else if (task.kind == "maintenance_fee" && j->maintenance) {
    q.table = j->maintenance->table;
    q.grace_months = j->maintenance->grace_months;
  } else if (task.kind == "renewal_fee" && j->renewal) {
    q.table = j->renewal->table;
    q.grace_months = j->renewal->grace_months;
    q.rule_surcharge_percent = j->renewal->surcharge_percent;
  } else if (task.kind == "office_action_response" && j->office_action && j->office_action->extension_table >= 0) {
    q.table = j->office_action->extension_table;
    q.surcharge_allowed = false;
    if (late_months == 0) {
      Fee none;
      none.currency = j->currency;
      if (const FeeTable* t = j->table_on(q.table, paid_on)) none.table = t->label;
      return none;
    }
    q.year = late_months;
    q.late_months.reset();
    auto fee = compute_fee(app, q);
    if (!fee) return fee.error();
    if (!*fee) return no_fee();
    Fee fx = std::move(**fee);
    fx.late_amount = fx.amount;
    fx.late = true;
    return fx;
  } else {
    return no_fee();
  }
  auto fee = compute_fee(app, q);
  if (!fee) return fee.error();
  if (!*fee) {
    return make_error(ErrorKind::kRefused, "no_fee_table",
                      "no " + task.jurisdiction + " fee table in force on " + paid_on.to_string() + " for " + task.key,
                      "date");
  }
  return std::move(**fee);
}

}  // namespace chizai::docket
