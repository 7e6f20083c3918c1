#include "requests/docket.h"

#include "requests/spec_file.h"

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

const RequestSpec& docket_done_row_spec() {
  static const RequestSpec spec{
      "DocketDoneRow",
      "One row of a file of tasks already done (`chizai docket import-done`): fees paid before, in another "
      "docketing system.",
      {
          {"number", FieldType::kText, true, "The application number, in any accepted spelling", "JP2016012440A"},
          {"task", FieldType::kText, true, "The task key as `chizai docket show` prints it", "jp.annual.4"},
          {"date", FieldType::kDate, true, "The day it was done (paid), not after today", "2020-05-12"},
          {"fee", FieldType::kAmount, false,
           "The fee paid, in the fee's currency (default: the fee in force on `date`)", "10,400"},
          {"currency", FieldType::kText, false, "The fee's currency (default and only accepted value: the fee's)",
           "JPY"},
          {"reference", FieldType::kText, false, "Your reference (a receipt, the former system's id)", "OLD-7731"},
      }};
  return spec;
}

DocketDoneImportRow read_docket_done_row(const SpecFields& f) {
  DocketDoneImportRow row;
  row.request.number = f.text("number");
  row.request.task = f.text("task");
  row.request.date = f.date("date").to_string();
  row.request.fee = f.amount_text_or("fee", "");
  row.request.currency = f.text_or("currency", "");
  row.request.reference = f.text_or("reference", "");
  return row;
}

DocketDoneFile read_docket_done_file(std::istream& in, FileFormat format) {
  DocketDoneFile out;
  SpecFileRead read = read_spec_file(in, format, docket_done_row_spec(), "number",
                                     [&out](const SpecFields& f, std::size_t line) {
                                       DocketDoneImportRow row = read_docket_done_row(f);
                                       row.line = line;
                                       out.rows.push_back(std::move(row));
                                     });
  out.problems = std::move(read.problems);
  out.read = read.read;
  return out;
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
