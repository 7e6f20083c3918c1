// chizai aggregate | evaluate | evaluation list | consent add|list |
// aggregation list|show | history
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "registry/numbers.h"
#include "requests/aggregation.h"
#include "services/aggregation_service.h"
#include "services/history.h"
#include "render/aggregation.h"

namespace chizai::cli {
namespace {

AggregationService service_for(Context& ctx, Database& db) {
  return AggregationService(db, ctx.scheme_settings(), ctx.actor());
}

// ---- rendering ----------------------------------------------------------------

std::string owners_text(const std::vector<Owner>& owners) {
  return owners.empty() ? std::string("none") : describe_owners(owners);
}

std::string evaluation_text(const Evaluation& e) {
  return e.date.to_string() + " " + to_string(e.decision) + " by " + e.evaluator + " (technology " +
         std::to_string(e.technology) + ", market " + std::to_string(e.market) + ", rights " +
         std::to_string(e.rights) + "): " + e.reason;
}

std::string aggregation_text(const Aggregation& a) {
  return std::string(to_string(a.mode)) + " to " + a.aggregator + " on " + a.date.to_string() +
         " (" + a.reason + ")";
}

void print_view_json(const AggregationView& v) { std::cout << render::aggregation_view_json(v) << '\n'; }

void print_view_text(const AggregationView& v) {
  std::cout << "application: " << v.application << "\ntitle: " << v.title
            << "\nfiled: " << v.filing_date.to_string() << "\nowners: " << owners_text(v.owners)
            << "\naggregation: " << (v.aggregation ? aggregation_text(*v.aggregation) : "none")
            << "\nowner of record on " << v.as_of.to_string() << ": "
            << owners_text(v.owner_of_record) << "\nbeneficiaries: " << owners_text(v.beneficiaries)
            << '\n';
  for (const auto& c : v.consents) {
    std::cout << "consent: " << c.institution << ' ' << to_string(c.scope) << ' '
              << c.date.to_string() << '\n';
  }
  for (const auto& e : v.evaluations) std::cout << "evaluation: " << evaluation_text(e) << '\n';
  std::cout << "latest evaluation: "
            << (v.latest_evaluation ? evaluation_text(*v.latest_evaluation) : "none") << '\n';
}

void print_rows(const Context& ctx, const Row& header, const std::vector<Row>& rows) {
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

// ---- aggregate ------------------------------------------------------------------

void add_aggregate(CLI::App& app, Context& ctx) {
  auto number = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("aggregate", "Bring a registered patent under the aggregator");
  cmd->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::aggregation_spec());
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, number, flags] {
    const AggregationRequest request = flags->read(requests::read_aggregation);
    auto db = ctx.open();
    const auto v = or_fail(service_for(ctx, *db).aggregate(*number, request));
    if (ctx.format() == Format::kJson) return print_view_json(v);
    std::cout << "aggregated " << v.application << ": " << aggregation_text(*v.aggregation)
              << "\nowner of record from " << v.as_of.to_string() << ": "
              << owners_text(v.owner_of_record)
              << "\nbeneficiaries: " << owners_text(v.beneficiaries) << "\nlatest evaluation: "
              << (v.latest_evaluation ? evaluation_text(*v.latest_evaluation) : "none") << '\n';
  });
}

// ---- evaluate, evaluation list --------------------------------------------------

void add_evaluate(CLI::App& app, Context& ctx) {
  auto number = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("evaluate", "Record an evaluation of a candidate patent");
  cmd->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::evaluation_spec());
  cmd->callback([&ctx, number, flags] {
    Evaluation e = flags->read(requests::read_evaluation);
    auto db = ctx.open();
    e = or_fail(service_for(ctx, *db).evaluate(*number, e));
    std::cout << "evaluation " << e.id << " recorded: " << evaluation_text(e) << '\n';
  });
}

void print_evaluations(const Context& ctx, const std::vector<Evaluation>& all) {
  if (ctx.format() == Format::kJson) {
    std::cout << render::evaluations_json(all) << '\n';
    return;
  }
  std::vector<Row> rows;
  for (const auto& e : all) {
    rows.push_back({std::to_string(e.id), e.date.to_string(), std::to_string(e.technology),
                    std::to_string(e.market), std::to_string(e.rights), e.evaluator,
                    to_string(e.decision), e.reason});
  }
  print_rows(ctx,
             {"id", "date", "technology", "market", "rights", "evaluator", "decision", "reason"},
             rows);
}

void add_evaluation_list(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("evaluation", "Evaluations of candidate patents");
  group->require_subcommand(1);
  auto number = std::make_shared<std::string>();
  auto* list = group->add_subcommand("list", "Every evaluation of one patent, oldest first");
  list->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, number] {
    auto db = ctx.open();
    print_evaluations(ctx, or_fail(service_for(ctx, *db).evaluations(*number)));
  });
}

// ---- consent add|list ---------------------------------------------------------

void add_consent_add(CLI::App& group, Context& ctx) {
  auto number = std::make_shared<std::string>();
  auto* add = group.add_subcommand("add", "Record a co-owner's consent (JP Patent Act art. 73)");
  add->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  auto flags = std::make_shared<RequestFlags>(add, requests::consent_spec());
  add->callback([&ctx, number, flags] {
    const Consent c = flags->read(requests::read_consent);
    auto db = ctx.open();
    const auto out = or_fail(service_for(ctx, *db).add_consent(*number, c));
    const Consent& s = out.consent;
    std::cout << (out.recorded ? "consent recorded: " : "already on record, nothing changed: ")
              << s.institution << " consents to " << to_string(s.scope) << " of " << out.application
              << " on " << s.date.to_string() << '\n';
  });
}

void add_consent_commands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("consent", "Co-owner consent per patent and scope");
  group->require_subcommand(1);
  add_consent_add(*group, ctx);
  auto number = std::make_shared<std::string>();
  auto* list = group->add_subcommand("list", "The consents recorded for one patent");
  list->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, number] {
    auto db = ctx.open();
    const auto all = or_fail(service_for(ctx, *db).consents(*number));
    if (ctx.format() == Format::kJson) {
      std::cout << render::consents_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& c : all)
      rows.push_back({c.institution, to_string(c.scope), c.date.to_string()});
    print_rows(ctx, {"institution", "scope", "date"}, rows);
  });
}

// ---- aggregation list|show ----------------------------------------------------

void print_aggregated(const Context& ctx, const std::vector<AggregatedPatent>& all) {
  if (ctx.format() == Format::kJson) {
    std::cout << render::aggregated_patents_json(all) << '\n';
    return;
  }
  std::vector<Row> rows;
  for (const auto& p : all) {
    const auto& e = p.latest_evaluation;
    rows.push_back({p.application, describe_owners(p.originating), to_string(p.aggregation.mode),
                    p.aggregation.date.to_string(), e ? to_string(e->decision) : "",
                    e ? e->date.to_string() : "", p.aggregation.reason});
  }
  print_rows(ctx,
             {"application", "originating", "mode", "date", "evaluation", "evaluated", "reason"},
             rows);
}

void add_aggregation_list(CLI::App& group, Context& ctx) {
  struct Args {
    std::string institution, mode;
  };
  auto a = std::make_shared<Args>();
  auto* list = group.add_subcommand("list", "Aggregated patents in application-number order");
  list->add_option("--institution", a->institution, "Only those from this originating institution");
  list->add_option("--mode", a->mode, "assignment or mandate")
      ->check(CLI::IsMember({"assignment", "mandate"}));
  auto paging = std::make_shared<PageFlags>();
  add_page_flags(list, *paging, "application number");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, a, paging] {
    const AggregationFilter filter{a->institution, parse_aggregation_mode(a->mode)};
    auto db = ctx.open();
    AggregationService service = service_for(ctx, *db);
    print_aggregated(ctx, read_pages<AggregatedPatent>(*paging, [&](const PageRequest& page) {
                       return or_fail(service.list(filter, page));
                     }));
  });
}

void add_aggregation_show(CLI::App& group, Context& ctx) {
  struct Args {
    std::string number, at;
  };
  auto a = std::make_shared<Args>();
  auto* show =
      group.add_subcommand("show", "Owner of record, beneficiaries, consents, evaluations");
  show->add_option("NUMBER", a->number, "Application number in any accepted spelling")->required();
  show->add_option("--at", a->at, "Owner of record on this day (default today, UTC)");
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, a] {
    const Date at = date_flag("--at", a->at);
    auto db = ctx.open();
    const auto v = or_fail(service_for(ctx, *db).show(a->number, at));
    if (ctx.format() == Format::kJson) return print_view_json(v);
    print_view_text(v);
  });
}

void add_aggregation_group(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("aggregation", "Patents under the aggregator");
  group->require_subcommand(1);
  add_aggregation_list(*group, ctx);
  add_aggregation_show(*group, ctx);
}

// ---- history ----------------------------------------------------------------------

void print_history(const Context& ctx, const std::vector<ChangeRecord>& all) {
  if (ctx.format() == Format::kJson) {
    std::cout << render::change_records_json(all) << '\n';
    return;
  }
  std::vector<Row> rows;
  for (const auto& r : all) {
    rows.push_back({std::to_string(r.id), r.changed_at, r.actor, r.action, r.entity_type,
                    r.entity_key, r.detail});
  }
  print_rows(ctx, {"id", "changed_at", "actor", "action", "entity_type", "entity_key", "detail"},
             rows);
}

void add_history(CLI::App& app, Context& ctx) {
  auto filter = std::make_shared<ChangeFilter>();
  auto paging = std::make_shared<PageFlags>();
  auto* cmd = app.add_subcommand("history", "The change history, newest first");
  cmd->add_option("--entity-type", filter->entity_type, "patent, package, project, …");
  cmd->add_option("--key", filter->entity_key, "The entity's number, code or id");
  add_page_flags(cmd, *paging, "record id (older records follow)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, filter, paging] {
    check_id_after(*paging);
    auto db = ctx.open();
    print_history(ctx, read_pages<ChangeRecord>(*paging, [&](const PageRequest& p) {
                    return or_fail(page_changes_of(*db, *filter, p));
                  }));
  });
}

}  // namespace

void add_aggregation_commands(CLI::App& app, Context& ctx) {
  add_aggregate(app, ctx);
  add_evaluate(app, ctx);
  add_evaluation_list(app, ctx);
  add_consent_commands(app, ctx);
  add_aggregation_group(app, ctx);
  add_history(app, ctx);
}

}  // namespace chizai::cli
