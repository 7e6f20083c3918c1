// JSON renderings of an application's events (services/event_service.h):
// the same text for `chizai patent event … --format json` and the HTTP API.
#pragma once

#include "io/json_writer.h"
#include "services/event_service.h"

namespace chizai {

// One event: {"id", "source": "recorded" | "derived", "kind", "date",
// "reference", "value", "days", "months", "claims", "recorded_at", "actor",
// "withdrawn": null | {"id", "date", "reason", "recorded_at", "actor"}};
// absent values are null (a derived row's id, recorded_at and actor too).
void write_event_json(JsonWriter& w, const StoredEvent& e, bool derived = false);
// {"application", "event": {…}}: what recording or withdrawing did.
void write_recorded_event_json(JsonWriter& w, const RecordedEvent& r);
// {"application", "jurisdiction", "events": [{…}]}: the list, by date,
// derived rows (filing, earliest_priority, the record's grant and
// publication when no such event counts) marked "source": "derived".
void write_event_listing_json(JsonWriter& w, const EventListing& l);

}  // namespace chizai
