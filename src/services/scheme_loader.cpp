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
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "requests/aggregation.h"
#include "requests/close.h"
#include "requests/licensing.h"
#include "requests/package.h"
#include "requests/payment.h"
#include "requests/project.h"
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
  // An operation's fields read by `spec`, with "op" and the keys in `apart`
  // (what the API has in its path: the patent, the package's code).
  static SpecFields fields_and(simdjson::dom::object obj, const RequestSpec& spec, std::set<std::string> apart) {
    apart.insert("op");
    return SpecFields(obj, spec, "", apart);
  }

  void evaluate(simdjson::dom::object obj) {
    const SpecFields f = fields_and(obj, requests::evaluation_spec(), {"patent"});
    check(aggregation_.evaluate(f.raw().text("patent"), requests::read_evaluation(f)));
  }
  void consent(simdjson::dom::object obj) {
    const SpecFields f = fields_and(obj, requests::consent_spec(), {"patent"});
    check(aggregation_.add_consent(f.raw().text("patent"), requests::read_consent(f)));
  }
  void aggregate(simdjson::dom::object obj) {
    const SpecFields f = fields_and(obj, requests::aggregation_spec(), {"patent"});
    check(aggregation_.aggregate(f.raw().text("patent"), requests::read_aggregation(f)));
  }
  void package_create(simdjson::dom::object obj) {
    check(packages_.create(requests::read_package(op_fields(obj, requests::package_spec()))));
  }
  void package_add(simdjson::dom::object obj) {
    const SpecFields f = fields_and(obj, requests::member_spec(), {"code"});
    const requests::MemberRequest r = requests::read_member(f);
    const std::string code = f.raw().text("code");
    if (!r.family.empty()) {
      check(packages_.add_family(code, r.family, r.role, r.weight, r.date));
    } else {
      check(packages_.add_member(code, r.patent, r.role, r.weight, r.date));
    }
  }
  void package_status(simdjson::dom::object obj) {
    const SpecFields f = fields_and(obj, requests::package_status_spec(), {"code"});
    const requests::StatusRequest r = requests::read_package_status(f);
    check(packages_.set_status(f.raw().text("code"), r.status, r.date));
  }
  void project_create(simdjson::dom::object obj) {
    check(projects_.create_project(requests::read_project(op_fields(obj, requests::project_spec()))));
  }
  // "ref" names the contract for a later expense.add's "contract".
  void contract_add(simdjson::dom::object obj) {
    const SpecFields f = fields_and(obj, requests::contract_spec(), {"ref"});
    const std::string ref = f.raw().text("ref");
    if (contracts_.count(ref)) throw OpError{"contract ref '" + ref + "' is used twice"};
    contracts_[ref] = check(projects_.add_contract(requests::read_contract(f)));
  }
  // "contract" is the ref of an earlier contract.add line: the line is read
  // as the API's request with that contract's id in its place.
  void expense_add(simdjson::dom::object obj) {
    std::set<std::string> keys = requests::expense_spec().keys();
    keys.insert("op");
    const std::string ref = Fields(obj, "", keys).text("contract");
    auto it = contracts_.find(ref);
    if (it == contracts_.end()) throw OpError{"no contract with ref '" + ref + "' earlier in the file"};
    JsonWriter w;
    w.begin_object();
    for (auto [key, value] : obj) {
      if (key == "op") continue;
      w.key(key);
      if (key == "contract") {
        w.value(static_cast<std::int64_t>(it->second));
      } else {
        w.raw(simdjson::minify(value));
      }
    }
    w.end_object();
    simdjson::dom::parser parser;
    const std::string text = w.take();
    simdjson::dom::element root;
    if (parser.parse(text).get(root) != simdjson::SUCCESS) throw OpError{"the line did not make JSON again"};
    check(projects_.add_expense(requests::read_expense(SpecFields(root, requests::expense_spec()))));
  }
  void staff_assign(simdjson::dom::object obj) {
    check(projects_.assign_staff(requests::read_staff(op_fields(obj, requests::staff_spec()))));
  }
  void consortium_create(simdjson::dom::object obj) {
    const requests::ConsortiumRequest r = requests::read_consortium(op_fields(obj, requests::consortium_spec()));
    check(consortia_.create(r.code, r.package, r.date));
  }
  void consortium_add(simdjson::dom::object obj) {
    const SpecFields f = fields_and(obj, requests::consortium_member_spec(), {"code"});
    check(consortia_.add_member(f.raw().text("code"), requests::read_consortium_member(f)));
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
    CloseService service(db_, actor_, close_hooks(), settings_.aggregator_code);
    const requests::CloseRequest r = requests::read_close(op_fields(obj, requests::close_spec()));
    check(service.close(r.month, r.dry_run));
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
