// The EventService an API write records events with (routes_event.cpp; also
// the patent import's events): the patents' docket tasks are recomputed in
// its transaction by the pooled connection's facts hook.
#pragma once

#include "api/route.h"
#include "services/event_service.h"

namespace chizai::api {

EventService patent_event_writer(const Request& request);

}  // namespace chizai::api
