// The EventService an API write records events with: the patent's docket
// tasks are recomputed in its transaction with the rule book of
// docket.rules_dir (routes_event.cpp; also the patent import's events).
#pragma once

#include "api/route.h"
#include "services/event_service.h"

namespace chizai::api {

EventService patent_event_writer(const Request& request);

}  // namespace chizai::api
