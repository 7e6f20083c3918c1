#include "services/scheme_loader.h"

#include <simdjson.h>

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "core/money.h"
#include "core/text.h"
#include "io/request_spec.h"
#include "io/strict_json.h"
#include "requests/close.h"
#include "requests/licensing.h"
#include "requests/payment.h"
#include "services/aggregation_service.h"
#include "services/close_hooks.h"
#include "services/licensing_service.h"
#include "services/package_service.h"
#include "services/payment_service.h"
#include "services/project_service.h"

namespace chizai {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// A failed operation: the message says which field and why.
struct OpError {
  std::string message;
};

template <class T>
T check(Result<T> r) {
  if (!r) throw OpError{r.error().message};
  return std::move(r).value();
}
void check(const Status& s) {
  if (!s) throw OpError{s.error().message};
}

// An operation's fields: its request's (src/requests/), and "op".
SpecFields op_fields(simdjson::dom::object obj, const RequestSpec& spec) { return SpecFields(obj, spec, "", {"op"}); }

// The operations, by name: each reads its fields and calls a service.
class Applier {
 public:
  Applier(Database& db, const SchemeSettings& settings, const std::string& actor,
          const std::string& policy_dir)
      : db_(db),
        settings_(settings),
        actor_(actor),
        policy_dir_(policy_dir),
        aggregation_(db, settings, actor),
        packages_(db, actor, settings),
        consortia_(db, actor, settings),
        projects_(db, settings, actor),
        licensing_(db, settings, actor, policy_dir),
        payments_(db, settings, actor, policy_dir) {}

  void apply(const std::string& op, simdjson::dom::object obj) {
    using Fn = void (Applier::*)(simdjson::dom::object);
    static const std::map<std::string, Fn> ops = {
        {"evaluate", &Applier::evaluate},
        {"consent", &Applier::consent},
        {"aggregate", &Applier::aggregate},
        {"package.create", &Applier::package_create},
        {"package.add", &Applier::package_add},
        {"package.status", &Applier::package_status},
        {"project.create", &Applier::project_create},
        {"contract.add", &Applier::contract_add},
        {"expense.add", &Applier::expense_add},
        {"staff.assign", &Applier::staff_assign},
        {"consortium.create", &Applier::consortium_create},
        {"consortium.add", &Applier::consortium_add},
        {"agreement.add", &Applier::agreement_add},
        {"report.add", &Applier::report_add},
        {"milestone.reach", &Applier::milestone_reach},
        {"payment.record", &Applier::payment_record},
        {"payout.record", &Applier::payout_record},
        {"close", &Applier::close},
    };
    auto it = ops.find(op);
    if (it == ops.end()) throw OpError{"unknown operation '" + op + "'"};
    (this->*(it->second))(obj);
  }

 private:
  void evaluate(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "patent", "date", "technology", "market", "rights", "evaluator", "decision", "reason"});
    Evaluation e;
    e.date = f.date("date");
    e.technology = static_cast<int>(f.integer("technology"));
    e.market = static_cast<int>(f.integer("market"));
    e.rights = static_cast<int>(f.integer("rights"));
    e.evaluator = f.text("evaluator");
    e.decision = f.word("decision", parse_evaluation_decision);
    e.reason = f.text("reason");
    check(aggregation_.evaluate(f.text("patent"), e));
  }
  void consent(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "patent", "institution", "scope", "date"});
    check(aggregation_.add_consent(
        f.text("patent"), Consent{f.text("institution"), f.word("scope", parse_consent_scope), f.date("date")}));
  }
  void aggregate(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "patent", "mode", "date", "reason"});
    check(aggregation_.aggregate(
        f.text("patent"), AggregationRequest{f.word("mode", parse_aggregation_mode), f.date("date"), f.text("reason")}));
  }
  void package_create(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "code", "name_en", "name_ja", "theme", "core", "peripheral", "date"});
    PackageDraft d{f.text("code"), f.text("name_en"), f.text_or("name_ja", ""), f.text_or("theme", ""),
                   f.texts("core"), f.texts("peripheral"), f.date("date")};
    check(packages_.create(d));
  }
  void package_add(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "code", "patent", "family", "role", "weight", "date"});
    const MemberRole role = f.word("role", parse_member_role);
    std::optional<std::int64_t> weight;
    if (has(obj, "weight")) weight = f.integer("weight");
    const std::string family = f.text_or("family", "");
    if (!family.empty()) {
      check(packages_.add_family(f.text("code"), family, role, weight, f.date("date")));
    } else {
      check(packages_.add_member(f.text("code"), f.text("patent"), role, weight, f.date("date")));
    }
  }
  void package_status(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "code", "status", "date"});
    check(packages_.set_status(f.text("code"), f.word("status", parse_package_status), f.date("date")));
  }
  void project_create(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "code", "package", "basic_patents", "budget", "from", "to"});
    ProjectRequest r;
    r.code = f.text("code");
    r.package = f.text("package");
    r.basic_patents = f.texts("basic_patents");
    if (has(obj, "budget")) r.budget_minor = f.yen("budget");
    r.from = f.date("from");
    r.to = f.date("to");
    check(projects_.create_project(r));
  }
  void contract_add(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "ref", "project", "institution", "amount", "from", "to", "deliverable", "recoverable"});
    const std::string ref = f.text("ref");
    if (contracts_.count(ref)) throw OpError{"contract ref '" + ref + "' is used twice"};
    ContractRequest r{f.text("project"), f.text("institution"), f.yen("amount"), f.date("from"),
                      f.date("to"), f.text("deliverable"), f.flag("recoverable")};
    contracts_[ref] = check(projects_.add_contract(r));
  }
  void expense_add(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "contract", "amount", "date", "recoverable", "note"});
    const std::string ref = f.text("contract");
    auto it = contracts_.find(ref);
    if (it == contracts_.end()) throw OpError{"no contract with ref '" + ref + "' earlier in the file"};
    check(projects_.add_expense(
        ExpenseRequest{it->second, f.yen("amount"), f.date("date"), f.flag("recoverable"), f.text_or("note", "")}));
  }
  void staff_assign(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "project", "name", "region", "from", "to"});
    check(projects_.assign_staff(
        StaffRequest{f.text("project"), f.text("name"), f.text("region"), f.date("from"), f.optional_date("to")}));
  }
  void consortium_create(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "code", "package", "date"});
    check(consortia_.create(f.text("code"), f.text("package"), f.date("date")));
  }
  void consortium_add(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "code", "institution", "role", "date", "nda_date", "nda_status"});
    ConsortiumJoin j;
    j.institution = f.text("institution");
    j.role = f.word("role", parse_consortium_role);
    j.joined_on = f.date("date");
    j.nda_date = f.optional_date("nda_date");
    if (has(obj, "nda_status")) j.nda_status = f.word("nda_status", parse_nda_status);
    check(consortia_.add_member(f.text("code"), j));
  }

  // The body is the object an `agreement add` file holds, read by the
  // same reader (requests/licensing.h).
  void agreement_add(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "agreement"});
    check(requests::add_agreement_text(licensing_, f.object_json("agreement")));
  }
  // The body is the object a `report add` file holds. "ref" names the
  // report for a later line's "corrects_ref" (instead of the body's
  // "corrects", a report id that the file cannot know).
  void report_add(simdjson::dom::object obj) {
    Fields f(obj, "", {"op", "ref", "report", "corrects_ref"});
    const std::string ref = f.text_or("ref", "");
    if (!ref.empty() && reports_.count(ref)) throw OpError{"report ref '" + ref + "' is used twice"};
    ReportFile report = check(requests::report_from_text(f.object_json("report")));
    const std::string corrects = f.text_or("corrects_ref", "");
    if (!corrects.empty()) {
      if (report.corrects) throw OpError{"give either 'corrects_ref' or the report's 'corrects', not both"};
      auto it = reports_.find(corrects);
      if (it == reports_.end()) throw OpError{"no report with ref '" + corrects + "' earlier in the file"};
      report.corrects = it->second;
    }
    const ReportOutcome out = check(licensing_.add_report(report));
    if (!ref.empty()) reports_[ref] = out.report.id;
  }
  // The milestone request and the agreement it belongs to.
  void milestone_reach(simdjson::dom::object obj) {
    const SpecFields f(obj, requests::milestone_spec(), "", {"op", "agreement"});
    requests::MilestoneReach m = requests::read_milestone(f);
    m.agreement = f.raw().text("agreement");
    check(licensing_.reach_milestone(m.agreement, m.name, m.reached_on));
  }
  void payment_record(simdjson::dom::object obj) {
    check(payments_.record_payment(requests::read_payment(op_fields(obj, requests::payment_spec()))));
  }
  void payout_record(simdjson::dom::object obj) {
    check(payments_.record_payout(requests::read_payout(op_fields(obj, requests::payout_spec()))));
  }
  // Closes a month with the same hooks as `chizai close`: the month's
  // minimum-royalty true-ups, then the ledger check.
  void close(simdjson::dom::object obj) {
    CloseService service(db_, actor_, close_hooks());
    check(service.close(requests::read_close(op_fields(obj, requests::close_spec())).month));
  }
  CloseHooks close_hooks() const { return standard_close_hooks(settings_, actor_, policy_dir_); }

  static bool has(simdjson::dom::object obj, const char* key) {
    element v;
    return obj.at_key(key).get(v) == simdjson::SUCCESS && !v.is_null();
  }

  Database& db_;
  SchemeSettings settings_;
  std::string actor_;
  std::string policy_dir_;
  AggregationService aggregation_;
  PackageService packages_;
  ConsortiumService consortia_;
  ProjectService projects_;
  LicensingService licensing_;
  PaymentService payments_;
  std::map<std::string, long long> contracts_;  // ref -> contract id
  std::map<std::string, long long> reports_;    // ref -> report id
};

}  // namespace

Result<SchemeLoadReport> load_scheme(Database& db, std::istream& in, const SchemeSettings& settings,
                                     const std::string& actor, const std::string& policy_dir) {
  const auto start = std::chrono::steady_clock::now();
  SchemeLoadReport report;
  WriteTransaction tx(db);
  Applier applier(db, settings, actor, policy_dir);
  simdjson::dom::parser parser;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty()) continue;
    std::string op = "?";
    try {
      simdjson::dom::element doc;
      if (auto err = parser.parse(line).get(doc); err) {
        throw OpError{std::string("malformed JSON: ") + simdjson::error_message(err)};
      }
      if (doc.type() != element_type::OBJECT) throw OpError{"each line must be a JSON object"};
      const simdjson::dom::object obj(doc);
      std::string_view op_view;
      if (obj.at_key("op").get(op_view) != simdjson::SUCCESS) throw OpError{"'op' is required"};
      op = std::string(op_view);
      applier.apply(op, obj);
    } catch (const OpError& e) {
      return make_error(ErrorKind::kInvalid, "bad_operation", "line " + std::to_string(line_no) + " (" + op +
                                             "): " + e.message + "; nothing was loaded");
    } catch (const FileError& e) {
      return make_error(ErrorKind::kInvalid, "bad_operation", "line " + std::to_string(line_no) + " (" + op +
                                             "): " + e.message + "; nothing was loaded",
                        e.field);
    }
    ++report.operations;
    ++report.by_op[op];
  }
  tx.commit();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace chizai
