#include "requests/project.h"

#include "core/money.h"

namespace chizai::requests {
namespace {

FieldSpec currency_field() {
  return {"currency", FieldType::kWord, false, "JPY (the programme's only currency); may be omitted", "JPY", nullptr,
          {"JPY"}};
}

// "currency", if given, must say JPY.
void check_jpy(const SpecFields& f) {
  f.optional_word<Currency>("currency", [](std::string_view code) -> std::optional<Currency> {
    if (code != "JPY") return std::nullopt;
    return Currency::jpy();
  });
}

// A required amount in JPY.
std::int64_t yen(const SpecFields& f, const char* key) {
  check_jpy(f);
  return f.amount(key, Currency::jpy());
}

}  // namespace

const RequestSpec& project_spec() {
  static const RequestSpec spec{
      "ProjectRequest",
      "A Super Highway project strengthening a package around its basic patents.",
      {
          {"code", FieldType::kText, true, "Project code", "SH-01"},
          {"package", FieldType::kText, true, "The package the project strengthens", "PKG-002"},
          {"basic_patents", FieldType::kTextList, true, "Application numbers: current members of the package",
           "JP2016-012440"},
          {"budget", FieldType::kAmount, false,
           "A decimal string in JPY (default: the setting superhighway.default_budget)", "30,000,000"},
          currency_field(),
          {"from", FieldType::kDate, true, "The first day", "2026-04-01"},
          {"to", FieldType::kDate, true, "The last day", "2029-03-31"},
      }};
  return spec;
}

ProjectRequest read_project(const SpecFields& f) {
  ProjectRequest r;
  r.code = f.text("code");
  r.package = f.text("package");
  r.basic_patents = f.texts("basic_patents");
  check_jpy(f);
  if (f.has("budget")) r.budget_minor = f.amount_or("budget", Currency::jpy(), "0");
  r.from = f.date("from");
  r.to = f.date("to");
  return r;
}

const RequestSpec& contract_spec() {
  static const RequestSpec spec{
      "ContractRequest",
      "Trial research or a prototype commissioned from an inventor's institution (委託試験研究・試作).",
      {
          {"project", FieldType::kText, true, "The project's code", "SH-01"},
          {"institution", FieldType::kText, true, "The contractor: an inventor's institution", "U-YNU"},
          {"amount", FieldType::kAmount, true, "A decimal string in JPY, within the project's budget", "18,000,000"},
          currency_field(),
          {"from", FieldType::kDate, true, "The first day (within the project)", "2026-05-01"},
          {"to", FieldType::kDate, true, "The last day (within the project)", "2027-03-31"},
          {"deliverable", FieldType::kText, true, "What is delivered", "prototype cell, 50 units"},
          {"recoverable", FieldType::kBoolean, false, "Its costs are recovered from licence income (default false)",
           "true"},
      }};
  return spec;
}

ContractRequest read_contract(const SpecFields& f) {
  return ContractRequest{f.text("project"), f.text("institution"), yen(f, "amount"), f.date("from"),
                         f.date("to"),      f.text("deliverable"),  f.flag("recoverable")};
}

const RequestSpec& contract_status_spec() {
  static const RequestSpec spec{
      "ContractStatusRequest",
      "Sets a contract's status.",
      {
          {"status", FieldType::kText, true, "active, completed or cancelled", "completed"},
      }};
  return spec;
}

std::string read_contract_status(const SpecFields& f) { return f.text("status"); }

const RequestSpec& expense_spec() {
  static const RequestSpec spec{
      "ExpenseRequest",
      "An expenditure against a contract.",
      {
          {"contract", FieldType::kInteger, true, "The contract's id", "7"},
          {"amount", FieldType::kAmount, true, "A decimal string in JPY, at most what the contract has left",
           "2,400,000"},
          currency_field(),
          {"date", FieldType::kDate, true, "The day of the expenditure (within the contract's period)", "2026-07-15"},
          {"recoverable", FieldType::kBoolean, false,
           "Recoverable from licence income (always so on a recoverable contract)", "false"},
          {"note", FieldType::kText, false, "Free text", "electrolyte samples"},
      }};
  return spec;
}

ExpenseRequest read_expense(const SpecFields& f) {
  return ExpenseRequest{f.integer("contract"), yen(f, "amount"), f.date("date"), f.flag("recoverable"),
                        f.text_or("note", "")};
}

const RequestSpec& staff_spec() {
  static const RequestSpec spec{
      "StaffRequest",
      "Overseas licensing staff assigned to a project for a region.",
      {
          {"project", FieldType::kText, true, "The project's code", "SH-01"},
          {"name", FieldType::kText, true, "The person", "Emily Carter"},
          {"region", FieldType::kText, true,
           "japan, north_america, europe, china, asia_other, latin_america, oceania or middle_east_africa",
           "north_america"},
          {"from", FieldType::kDate, true, "The first day", "2026-06-01"},
          {"to", FieldType::kDate, false, "The last day (open-ended without)", "2027-05-31"},
      }};
  return spec;
}

StaffRequest read_staff(const SpecFields& f) {
  return StaffRequest{f.text("project"), f.text("name"), f.text("region"), f.date("from"), f.optional_date("to")};
}

}  // namespace chizai::requests
