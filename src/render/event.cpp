#include "render/event.h"

namespace chizai {
namespace {

void optional_int(JsonWriter& w, const char* key, const std::optional<long long>& v) {
  w.key(key);
  if (v) {
    w.value(static_cast<std::int64_t>(*v));
  } else {
    w.null();
  }
}

}  // namespace

void write_event_json(JsonWriter& w, const StoredEvent& e, bool derived) {
  w.begin_object().key("id");
  if (derived) {
    w.null();
  } else {
    w.value(static_cast<std::int64_t>(e.id));
  }
  w.field("source", derived ? "derived" : "recorded").field("kind", e.kind).field("date", e.date.to_string());
  w.text_or_null("reference", e.reference).text_or_null("value", e.value);
  optional_int(w, "days", e.days);
  optional_int(w, "months", e.months);
  optional_int(w, "claims", e.claims);
  w.text_or_null("recorded_at", e.recorded_at).text_or_null("actor", e.actor);
  w.key("withdrawn");
  if (e.withdrawn) {
    const EventWithdrawal& x = *e.withdrawn;
    w.begin_object()
        .field("id", static_cast<std::int64_t>(x.id))
        .field("date", x.date.to_string())
        .field("reason", x.reason)
        .field("recorded_at", x.recorded_at)
        .field("actor", x.actor)
        .end_object();
  } else {
    w.null();
  }
  w.end_object();
}

void write_recorded_event_json(JsonWriter& w, const RecordedEvent& r) {
  w.begin_object().field("application", r.application).key("event");
  write_event_json(w, r.event);
  w.end_object();
}

void write_event_listing_json(JsonWriter& w, const EventListing& l) {
  w.begin_object().field("application", l.application).field("jurisdiction", l.jurisdiction).key("events");
  w.begin_array();
  for (const EventListRow& row : l.rows) write_event_json(w, row.event, row.derived);
  w.end_array().end_object();
}

}  // namespace chizai
