#include "requests/close.h"

namespace chizai::requests {

const RequestSpec& close_spec() {
  static const RequestSpec spec{
      "CloseRequest",
      "Closes a month: its minimum-royalty true-ups, the ledger check, the lock and the statements. "
      "Months close in order; closing a closed month again changes nothing (200).",
      {
          {"month", FieldType::kText, true, "The month to close, YYYY-MM", "2026-04"},
          {"dry_run", FieldType::kBoolean, false,
           "Only say what the close would issue (the same checks and statements, true-ups included), writing "
           "nothing (200)",
           "false"},
      }};
  return spec;
}

CloseRequest read_close(const SpecFields& f) { return CloseRequest{f.text("month"), f.flag("dry_run")}; }

}  // namespace chizai::requests
