#include "render/docket.h"

#include <libical/ical.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "core/money.h"

namespace chizai::render {

std::string fee_text(std::int64_t minor, const std::string& currency) {
  auto c = Currency::of(currency);
  if (!c) return std::to_string(minor);
  return Money(minor, c.value()).to_string();
}

namespace {

void optional_date(JsonWriter& w, const char* key, const std::optional<Date>& d) {
  w.key(key);
  if (d) w.value(d->to_string());
  else w.null();
}

}  // namespace

void write_docket_task_json(JsonWriter& w, const DocketTaskView& v) {
  const docket::Task& t = v.task;
  w.begin_object()
      .field("application", v.number)
      .field("key", t.key)
      .field("kind", t.kind)
      .field("jurisdiction", t.jurisdiction)
      .field("label", t.label)
      .field("nominal_due", t.nominal_due.to_string())
      .field("due", t.due.to_string());
  optional_date(w, "window_start", t.window_start);
  optional_date(w, "grace_end", t.grace_end);
  w.field("provisional", t.provisional).field("status", docket::to_string(v.status)).key("fee");
  if (t.fee) {
    w.begin_object()
        .field("amount", fee_text(t.fee->amount, t.fee->currency))
        .field("late_amount", fee_text(t.fee->late_amount, t.fee->currency))
        .field("currency", t.fee->currency)
        .field("table", t.fee->table)
        .end_object();
  } else {
    w.null();
  }
  w.key("payers").begin_array();
  for (const DocketShareRow& s : v.shares) {
    w.begin_object().field("institution", s.institution).field("pays", s.pays).key("amount");
    if (s.amount && t.fee) w.value(fee_text(*s.amount, t.fee->currency));
    else w.null();
    w.end_object();
  }
  w.end_array().field("sequence", static_cast<std::int64_t>(v.sequence)).field("modified_at", v.modified_at);
  w.end_object();
}

std::string docket_task_json(const DocketTaskView& t) {
  JsonWriter w;
  write_docket_task_json(w, t);
  return w.take();
}

void write_decision_json(JsonWriter& w, const DocketDecisionRow& d) {
  w.begin_object()
      .field("id", static_cast<std::int64_t>(d.id))
      .field("task", d.task_key)
      .field("action", d.action)
      .field("date", d.decided_on.to_string())
      .key("fee_paid");
  if (d.fee_paid) w.value(fee_text(*d.fee_paid, d.fee_currency));
  else w.null();
  w.key("fee_expected");
  if (d.fee_expected) w.value(fee_text(*d.fee_expected, d.fee_currency));
  else w.null();
  w.text_or_null("currency", d.fee_currency)
      .text_or_null("fee_table", d.fee_table)
      .field("reference", d.reference)
      .field("reason", d.reason)
      .field("recoverable", d.recoverable)
      .key("undoes");
  if (d.undoes_id != 0) w.value(static_cast<std::int64_t>(d.undoes_id));
  else w.null();
  w.field("actor", d.actor).field("recorded_at", d.recorded_at).end_object();
}

std::string patent_docket_json(const PatentDocket& d) {
  JsonWriter w;
  w.begin_object().field("application", d.number).key("tasks").begin_array();
  for (const auto& t : d.tasks) write_docket_task_json(w, t);
  w.end_array().key("decisions").begin_array();
  for (const auto& x : d.decisions) write_decision_json(w, x);
  w.end_array().key("lapse");
  if (d.lapse) {
    w.begin_object()
        .field("task", d.lapse->task)
        .field("after", d.lapse->after.to_string())
        .field("lapsed", d.lapse->lapsed)
        .end_object();
  } else {
    w.null();
  }
  w.end_object();
  return w.take();
}

std::string decision_result_json(const DocketDecisionResult& r) {
  JsonWriter w;
  w.begin_object().key("task");
  write_docket_task_json(w, r.task);
  w.key("decision");
  write_decision_json(w, r.decision);
  w.key("warnings").begin_array();
  for (const auto& s : r.warnings) w.value(s);
  w.end_array().end_object();
  return w.take();
}

std::string recompute_json(const DocketRecompute& r) {
  JsonWriter w;
  w.begin_object()
      .field("patents", static_cast<std::int64_t>(r.patents))
      .field("tasks", static_cast<std::int64_t>(r.tasks))
      .key("problems")
      .begin_array();
  for (const auto& p : r.problems) w.value(p);
  w.end_array().end_object();
  return w.take();
}

void write_subscription_json(JsonWriter& w, const CalendarSubscriptionRow& s) {
  w.begin_object()
      .field("id", static_cast<std::int64_t>(s.id))
      .field("user", s.user)
      .field("created_at", s.created_at)
      .key("revoked_at");
  if (s.revoked_at) w.value(*s.revoked_at);
  else w.null();
  w.end_object();
}

std::string subscription_json(const CalendarSubscriptionRow& s) {
  JsonWriter w;
  write_subscription_json(w, s);
  return w.take();
}

std::string issued_subscription_json(const IssuedSubscription& s, const std::string& url) {
  JsonWriter w;
  w.begin_object()
      .field("id", static_cast<std::int64_t>(s.id))
      .field("user", s.user)
      .field("secret", s.secret)
      .field("url", url)
      .end_object();
  return w.take();
}

std::vector<std::string> docket_columns() {
  return {"due", "application", "task", "kind", "jurisdiction", "status", "fee", "currency", "grace_end", "label"};
}

std::vector<std::string> docket_row(const DocketTaskView& v) {
  const docket::Task& t = v.task;
  return {t.due.to_string() + (t.provisional ? "*" : ""),
          v.number,
          t.key,
          t.kind,
          t.jurisdiction,
          docket::to_string(v.status),
          t.fee ? fee_text(t.fee->amount, t.fee->currency) : "",
          t.fee ? t.fee->currency : "",
          t.grace_end ? t.grace_end->to_string() : "",
          t.label};
}

namespace {

icaltimetype ical_date(Date d) {
  icaltimetype t = icaltime_null_date();
  t.year = d.year();
  t.month = d.month();
  t.day = d.day();
  t.is_date = 1;
  return t;
}

// "YYYY-MM-DDTHH:MM:SSZ" as a UTC date-time.
icaltimetype ical_utc(const std::string& stamp) {
  std::string basic;
  for (char c : stamp) {
    if (c != '-' && c != ':') basic += c;
  }
  icaltimetype t = icaltime_from_string(basic.c_str());
  if (icaltime_is_null_time(t)) t = icaltime_from_string("19700101T000000Z");
  return t;
}

std::string description(const DocketTaskView& v) {
  const docket::Task& t = v.task;
  std::string s = v.number + " " + t.key + " (" + docket::to_string(v.status) + ")";
  s += "\nDue " + t.due.to_string();
  if (t.nominal_due != t.due) s += " (by the rule " + t.nominal_due.to_string() + ", moved to a working day)";
  if (t.provisional) s += "\nProvisional: depends on a holiday not yet published";
  if (t.window_start) s += "\nWindow opens " + t.window_start->to_string();
  if (t.grace_end) s += "\nGrace period ends " + t.grace_end->to_string();
  if (t.fee) {
    s += "\nFee " + fee_text(t.fee->amount, t.fee->currency) + " " + t.fee->currency;
    if (t.fee->late_amount != t.fee->amount) {
      s += " (late " + fee_text(t.fee->late_amount, t.fee->currency) + ")";
    }
    s += " [" + t.fee->table + "]";
  }
  for (const auto& p : v.shares) {
    if (p.pays) s += "\nPays: " + p.institution + (p.amount && t.fee ? " " + fee_text(*p.amount, t.fee->currency) : "");
  }
  return s;
}

}  // namespace

std::string docket_ics(const std::vector<DocketTaskView>& tasks, const std::string& domain) {
  std::unique_ptr<icalcomponent, void (*)(icalcomponent*)> cal(icalcomponent_new(ICAL_VCALENDAR_COMPONENT),
                                                                icalcomponent_free);
  if (!cal) throw std::runtime_error("libical: cannot create a calendar");
  icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//Chizai//Docket//EN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  for (const DocketTaskView& v : tasks) {
    const docket::Task& t = v.task;
    icalcomponent* e = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    const std::string uid = v.number + "." + t.key + "@" + domain;
    const icaltimetype modified = ical_utc(v.modified_at);
    icalcomponent_add_property(e, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(e, icalproperty_new_dtstamp(modified));
    icalcomponent_add_property(e, icalproperty_new_lastmodified(modified));
    icalcomponent_add_property(e, icalproperty_new_sequence(static_cast<int>(v.sequence)));
    icalcomponent_add_property(e, icalproperty_new_dtstart(ical_date(t.due)));
    icalcomponent_add_property(e, icalproperty_new_dtend(ical_date(t.due.add_days(1))));
    const std::string summary = v.number + ": " + t.label;
    icalcomponent_add_property(e, icalproperty_new_summary(summary.c_str()));
    const std::string text = description(v);
    icalcomponent_add_property(e, icalproperty_new_description(text.c_str()));
    icalcomponent_add_property(e, icalproperty_new_categories(t.kind.c_str()));
    icalcomponent_add_property(e, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
    icalcomponent_add_property(e, icalproperty_new_status(v.status == docket::TaskStatus::kWaived
                                                              ? ICAL_STATUS_CANCELLED
                                                              : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_component(cal.get(), e);
  }
  char* text = icalcomponent_as_ical_string_r(cal.get());
  if (!text) throw std::runtime_error("libical: cannot write the calendar");
  std::string out(text);
  icalmemory_free_buffer(text);
  return out;
}

}  // namespace chizai::render
