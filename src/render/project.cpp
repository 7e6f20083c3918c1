#include "render/project.h"

#include <cstdint>

namespace chizai::render {
namespace {

void write_staff(JsonWriter& w, const StaffView& s) {
  w.begin_object()
      .field("id", static_cast<std::int64_t>(s.id))
      .field("project", s.project)
      .field("name", s.name)
      .field("region", to_string(s.region))
      .field("from", s.from.to_string())
      .key("to");
  if (s.to) {
    w.value(s.to->to_string());
  } else {
    w.null();
  }
  w.end_object();
}

// Inside a project the contract does not repeat the project's code.
void write_contract(JsonWriter& w, const ContractView& c, bool with_project) {
  w.begin_object().field("id", static_cast<std::int64_t>(c.id));
  if (with_project) w.field("project", c.project);
  w.field("institution", c.institution)
      .field("currency", "JPY")
      .field("amount_minor", c.amount)
      .field("spent_minor", c.spent)
      .field("left_minor", c.left())
      .field("from", c.from.to_string())
      .field("to", c.to.to_string())
      .field("deliverable", c.deliverable)
      .field("status", to_string(c.status))
      .field("recoverable", c.recoverable)
      .end_object();
}

void write_line_money(JsonWriter& w, const ProgrammeReport::ProjectLine& l) {
  w.field("currency", "JPY")
      .field("budget_minor", l.budget)
      .field("committed_minor", l.committed)
      .field("remaining_minor", l.remaining)
      .field("spent_in_fy_minor", l.spent_in_fy)
      .field("spent_to_date_minor", l.spent_to_date)
      .field("recoverable_outstanding_minor", l.recoverable_outstanding);
}

}  // namespace

void write_project_json(JsonWriter& w, const ProjectView& p, bool full) {
  w.begin_object().field("code", p.code).field("package", p.package).key("basic_patents").begin_array();
  for (const auto& n : p.basic_patents) w.value(n);
  w.end_array()
      .field("from", p.from.to_string())
      .field("to", p.to.to_string())
      .field("currency", "JPY")
      .field("budget_minor", p.money.budget)
      .field("committed_minor", p.money.committed)
      .field("spent_minor", p.money.spent)
      .field("remaining_minor", p.money.remaining())
      .field("recoverable_spent_minor", p.money.recoverable_spent);
  if (full) {
    w.key("contracts").begin_array();
    for (const auto& c : p.contracts) write_contract(w, c, false);
    w.end_array().key("staff").begin_array();
    for (const auto& s : p.staff) write_staff(w, s);
    w.end_array();
  }
  w.end_object();
}

std::string project_json(const ProjectView& project) {
  JsonWriter w(2);
  write_project_json(w, project, true);
  return w.take();
}

std::string projects_json(const std::vector<ProjectView>& projects) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& p : projects) write_project_json(w, p, false);
  w.end_array();
  return w.take();
}

std::string contract_json(const ContractView& contract) {
  JsonWriter w(2);
  write_contract(w, contract, true);
  return w.take();
}

std::string staff_json(const StaffView& staff) {
  JsonWriter w(2);
  write_staff(w, staff);
  return w.take();
}

std::string staff_list_json(const std::vector<StaffView>& staff) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& s : staff) write_staff(w, s);
  w.end_array();
  return w.take();
}

std::string expense_json(long long id, const ContractView& contract) {
  JsonWriter w(2);
  w.begin_object().field("id", static_cast<std::int64_t>(id)).key("contract");
  write_contract(w, contract, true);
  w.end_object();
  return w.take();
}

std::string programme_report_json(const ProgrammeReport& r) {
  const FiscalYear fy = r.fiscal_year;
  JsonWriter w(2);
  w.begin_object()
      .field("fiscal_year", fy.year)
      .field("from", fy.first_day().to_string())
      .field("to", fy.last_day().to_string())
      .field("currency", "JPY");
  w.key("aggregated").begin_object()
      .field("total", r.aggregated_total)
      .field("in_fiscal_year", r.aggregated_in_fy)
      .key("by_mode").begin_object()
      .field("assignment", r.by_mode_assignment)
      .field("mandate", r.by_mode_mandate)
      .end_object()
      .key("by_institution").begin_array();
  for (const auto& i : r.by_institution) {
    w.begin_object().field("institution", i.institution).field("name_en", i.name_en)
        .field("assignment", i.assignment).field("mandate", i.mandate).field("total", i.total)
        .end_object();
  }
  w.end_array().end_object();
  w.key("packages_by_status").begin_object()
      .field("draft", r.packages_draft).field("marketed", r.packages_marketed)
      .field("licensed", r.packages_licensed).field("retired", r.packages_retired)
      .end_object();
  w.field("packages_licensed_exclusive", r.packages_licensed_exclusive)
      .field("packages_licensed_non_exclusive", r.packages_licensed_non_exclusive);
  w.key("projects").begin_array();
  for (const auto& p : r.projects) {
    w.begin_object().field("code", p.code).field("package", p.package);
    write_line_money(w, p);
    w.end_object();
  }
  w.end_array().key("project_totals").begin_object();
  write_line_money(w, r.totals);
  w.end_object();
  w.key("utilisation").begin_object()
      .field("licensed", r.licensed)
      .field("aggregated", r.aggregated_total)
      .field("rate_bps", r.rate_bps)
      .field("baseline_bps", r.baseline_bps)
      .field("note", r.note)
      .end_object();
  w.key("licence_income").begin_object()
      .field("currency", "JPY")
      .field("amount_minor", r.licence_income_jpy)
      .end_object();
  // The official fees the rules put in the fiscal year, beside the income.
  // unavailable: why they could not be computed (no readable rule book), else null.
  auto fees = [&w](const char* key, std::optional<std::int64_t> jpy, std::int64_t count,
                   const std::vector<ProgrammeReport::FeesDue>& lines, const std::string* unavailable) {
    w.key(key).begin_object().key("jpy_amount_minor");
    if (jpy) w.value(*jpy); else w.null();
    w.field("fees", count).key("by_currency").begin_array();
    for (const auto& f : lines) {
      w.begin_object().field("currency", f.currency).field("amount_minor", f.amount_minor).key("jpy_amount_minor");
      if (f.jpy_minor) w.value(*f.jpy_minor); else w.null();
      w.field("fees", f.fees).end_object();
    }
    w.end_array();
    if (unavailable) w.text_or_null("unavailable", *unavailable);
    w.end_object();
  };
  fees("official_fees_due", r.fees_due_jpy, r.fees_due_count, r.fees_due, &r.fees_unavailable);
  // The official fees paid in the year (done decisions with their fee).
  fees("official_fees_paid", r.fees_paid_jpy, r.fees_paid_count, r.fees_paid, nullptr);
  w.end_object();
  return w.take();
}

}  // namespace chizai::render
