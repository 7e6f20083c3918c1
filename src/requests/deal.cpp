#include "requests/deal.h"

namespace chizai::requests {

const RequestSpec& stage_change_spec() {
  static const RequestSpec spec{
      "DealStageRequest",
      "Moves a deal (a company approached with a package) to a stage, opening it if new (201).",
      {
          {"stage", FieldType::kText, true,
           "lead, contacted, nda, negotiation or declined (licensed comes only from an agreement)", "contacted"},
          {"changed_on", FieldType::kDate, true, "The day of the change: not before the deal's previous change",
           "2026-01-20"},
          {"staff", FieldType::kText, true, "The code of the registered staff member making the change",
           "ST-TANAKA"},
          {"note", FieldType::kText, false, "What happened", "met at the fair"},
      }};
  return spec;
}

DealChange read_stage_change(const SpecFields& f) {
  DealChange c;
  c.stage = f.text("stage");
  c.on = f.date("changed_on");
  c.staff = f.text("staff");
  c.note = f.text_or("note", "");
  return c;
}

}  // namespace chizai::requests
