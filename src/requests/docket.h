// The docket's requests: a task done, waived or undone, read the same way by
// `chizai docket done|waive|undo` and POST /api/v1/patents/{number}/docket/
// {task}/done|waive|undo (the patent and the task come from the command
// line or the path).
#pragma once

#include <string>

#include "io/request_spec.h"
#include "services/docket_service.h"

namespace chizai::requests {

// {"date", "fee", "reference", "recoverable"}; the service checks them.
const RequestSpec& docket_done_spec();
DocketDoneRequest read_docket_done(const SpecFields& f);

// {"reason"}: a waive or an undo.
struct DocketReasonRequest {
  std::string reason;
};
const RequestSpec& docket_waive_spec();
const RequestSpec& docket_undo_spec();
DocketReasonRequest read_docket_reason(const SpecFields& f);

// POST /api/v1/calendar-subscriptions: {} (the subscription is the calling
// user's; the body may be empty).
struct CalendarSubscriptionRequest {};
const RequestSpec& calendar_subscription_spec();
CalendarSubscriptionRequest read_calendar_subscription(const SpecFields& f);

}  // namespace chizai::requests
