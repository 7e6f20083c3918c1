#include "requests/docket.h"

namespace chizai::requests {

const RequestSpec& docket_done_spec() {
  static const RequestSpec spec{
      "DocketDoneRequest",
      "Records that a task was done (the instruction carried out), with the fee actually paid.",
      {
          {"date", FieldType::kDate, true, "The day it was done (paid), not after today", "2027-02-26"},
          {"fee", FieldType::kAmount, false,
           "The fee actually paid, in the task's fee currency (default: the fee in force on `date`; another amount "
           "is recorded as given, with a warning naming the expected one)",
           "21,000"},
          {"reference", FieldType::kText, false, "Your reference for it (a receipt, an agent's invoice)", "RCPT-0042"},
          {"recoverable", FieldType::kBoolean, false,
           "Record the fee as a recoverable cost of the package(s) the patent is in (aggregated patents whose fees "
           "the aggregator pays; JPY)",
           "false"},
      }};
  return spec;
}

DocketDoneRequest read_docket_done(const SpecFields& f) {
  DocketDoneRequest r;
  r.date = f.date("date").to_string();
  r.fee = f.amount_text_or("fee", "");
  r.reference = f.text_or("reference", "");
  r.recoverable = f.flag("recoverable");
  return r;
}

const RequestSpec& docket_waive_spec() {
  static const RequestSpec spec{
      "DocketWaiveRequest",
      "Decides to let a task lapse: the application's later tasks end, and it lapses after the task's grace period.",
      {
          {"reason", FieldType::kText, true, "Why it is let go", "no licensee interest; not worth the annuities"},
      }};
  return spec;
}

const RequestSpec& docket_undo_spec() {
  static const RequestSpec spec{
      "DocketUndoRequest",
      "Reverses a task's last decision (done or waive) with a new record; the task is open again.",
      {
          {"reason", FieldType::kText, true, "Why the decision is reversed", "recorded on the wrong patent"},
      }};
  return spec;
}

DocketReasonRequest read_docket_reason(const SpecFields& f) { return DocketReasonRequest{f.text("reason")}; }

const RequestSpec& calendar_subscription_spec() {
  static const RequestSpec spec{
      "CalendarSubscriptionRequest",
      "Creates a calendar subscription for the calling user (no fields: the body may be empty or {}).",
      {}};
  return spec;
}

CalendarSubscriptionRequest read_calendar_subscription(const SpecFields&) { return {}; }

}  // namespace chizai::requests
