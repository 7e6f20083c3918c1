// chizai match company | package | consortium | edges | assign
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "requests/matching.h"
#include "services/matching_service.h"
#include "render/matching.h"

namespace chizai::cli {
namespace {

struct MatchArgs {
  std::string code, date;
  std::size_t top = 10;
};

MatchingService service_for(Database& db, const Context& ctx) {
  auto setting = [&ctx](const std::string& k, const std::string& f) { return ctx.setting(k, f); };
  return MatchingService(db, ctx.actor(), or_fail(weights_from_settings(setting)));
}

std::size_t default_k(const Context& ctx) {
  return or_fail(top_k_from_settings([&ctx](const std::string& k, const std::string& f) { return ctx.setting(k, f); }));
}

void print_rows(const Context& ctx, const Row& header, const std::vector<Row>& rows) {
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

std::string fixed6(std::int64_t millionths_value) {
  const std::int64_t whole = millionths_value / 1000000, frac = millionths_value % 1000000;
  std::string f = std::to_string(frac);
  f.insert(0, 6 - f.size(), '0');
  return std::to_string(whole) + "." + f;
}

std::string why_text(const matching::Match& m) {
  std::string out;
  for (const auto& c : m.why.codes) {
    out += (out.empty() ? "" : ", ") + c.interest + "~" + c.code + " (" + std::string(matching::level_name(c.level)) + ")";
  }
  for (const auto& t : m.why.terms) out += (out.empty() ? "" : ", ") + std::string("\"") + t.term + "\"";
  if (m.why.attended) out += (out.empty() ? "" : ", ") + std::string("attended");
  if (m.why.interested) out += (out.empty() ? "" : ", ") + std::string("interest");
  if (!m.why.licensed_subclass.empty()) out += (out.empty() ? "" : ", ") + std::string("licensed ") + m.why.licensed_subclass;
  if (!m.why.region.empty()) out += (out.empty() ? "" : ", ") + std::string("region ") + m.why.region;
  return out;
}

void print_ranking(const Context& ctx, bool by_company, const std::vector<matching::Match>& list) {
  std::vector<Row> rows;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& m = list[i];
    rows.push_back({std::to_string(i + 1), by_company ? m.package : m.company, fixed6(m.score),
                    fixed6(millionths(m.components.classification)), fixed6(millionths(m.components.text)),
                    fixed6(millionths(m.components.signals)), fixed6(millionths(m.components.region)),
                    why_text(m)});
  }
  print_rows(ctx, {"rank", by_company ? "package" : "company", "score", "classification", "text", "signals",
                   "region", "why"},
             rows);
}

void add_ranked(CLI::App& match, Context& ctx, bool by_company) {
  auto a = std::make_shared<MatchArgs>();
  auto* cmd = match.add_subcommand(by_company ? "company" : "package",
                                   by_company ? "The best packages for a company, with the score's components"
                                              : "The best companies for a package, with the score's components");
  cmd->add_option("CODE", a->code, by_company ? "Company code" : "Package code")->required();
  cmd->add_option("--top", a->top, "How many (default 10)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--date", a->date, "As of this day, YYYY-MM-DD (default today)");
  cmd->add_option("--format", ctx.format_text, "table, json or csv");
  cmd->callback([&ctx, a, by_company] {
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    auto service = service_for(*db, ctx);
    const auto list = or_fail(by_company ? service.match_company(a->code, a->top, day)
                                         : service.match_package(a->code, a->top, day));
    if (ctx.format() == Format::kJson) {
      std::cout << ranking_json(by_company ? "company" : "package", a->code, day.to_string(), list) << '\n';
    } else {
      print_ranking(ctx, by_company, list);
    }
  });
}

void add_consortium(CLI::App& match, Context& ctx) {
  auto a = std::make_shared<MatchArgs>();
  a->top = 5;
  auto* cmd = match.add_subcommand("consortium",
                                   "A candidate consortium: the package's owner universities and the best companies "
                                   "not licensed exclusively elsewhere in its field");
  cmd->add_option("PACKAGE", a->code, "Package code")->required();
  cmd->add_option("--top", a->top, "How many companies (default 5)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--date", a->date, "As of this day, YYYY-MM-DD (default today)");
  cmd->add_option("--format", ctx.format_text, "table or json");
  cmd->callback([&ctx, a] {
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    auto service = service_for(*db, ctx);
    const auto p = or_fail(service.match_consortium(a->code, a->top, day));
    if (ctx.format() == Format::kJson) {
      std::cout << consortium_json(p, day.to_string()) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& u : p.universities) rows.push_back({"university", u.code, "", u.name_en});
    for (const auto& m : p.companies) rows.push_back({"company", m.company, fixed6(m.score), why_text(m)});
    for (const auto& [c, ref] : p.excluded) rows.push_back({"excluded", c, "", "exclusive licence " + ref});
    print_table(std::cout, {"role", "code", "score", "detail"}, rows);
  });
}

void add_edges(CLI::App& match, Context& ctx) {
  auto a = std::make_shared<MatchArgs>();
  a->top = 0;
  auto* cmd = match.add_subcommand("edges", "The candidate edge set: the top K packages per company (integer scores)");
  cmd->add_option("--top", a->top, "K packages per company (default matching.top_k, 50)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--date", a->date, "As of this day, YYYY-MM-DD (default today)");
  cmd->add_option("--format", ctx.format_text, "csv, json or table");
  cmd->callback([&ctx, a] {
    const Date day = date_flag("--date", a->date);
    const std::size_t k = a->top ? a->top : default_k(ctx);
    auto db = ctx.open();
    auto service = service_for(*db, ctx);
    const auto edges = or_fail(service.candidate_edges(k, day));
    if (ctx.format() == Format::kJson) {
      std::cout << edges_json(edges) << '\n';
      return;
    }
    std::vector<Row> rows;
    rows.reserve(edges.size());
    for (const auto& e : edges) rows.push_back({e.company, e.package, std::to_string(e.score)});
    print_rows(ctx, {"company", "package", "score"}, rows);
  });
}

// The flags are the fields of POST /api/v1/assignments (requests/matching.h).
void add_assign(CLI::App& match, Context& ctx) {
  auto* cmd = match.add_subcommand("assign", "Choose offers maximising the total score (exact min-cost flow)");
  auto flags = std::make_shared<RequestFlags>(cmd, requests::assignment_spec());
  cmd->add_option("--format", ctx.format_text, "table, json or csv");
  cmd->callback([&ctx, flags] {
    const auto in = flags->read(requests::read_assignment);
    const std::size_t k = in.top ? in.top : default_k(ctx);
    auto db = ctx.open();
    auto service = service_for(*db, ctx);
    const auto r = or_fail(service.assign(in.package_cap, in.company_cap, k, in.date));
    if (ctx.format() == Format::kJson) {
      std::cout << assignment_json(r) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& p : r.pairs) rows.push_back({p.company, p.package, std::to_string(p.score)});
    print_rows(ctx, {"company", "package", "score"}, rows);
    if (ctx.format() != Format::kCsv) {
      std::cout << "total " << r.total << " (" << r.pairs.size() << " pairs from " << r.candidate_edges
                << " candidate edges";
      if (!r.excluded_packages.empty()) {
        std::cout << "; " << r.excluded_packages.size() << " package(s) licensed exclusively left out";
      }
      std::cout << ")\n";
    }
  });
}

}  // namespace

void add_match_commands(CLI::App& app, Context& ctx) {
  auto* match = app.add_subcommand("match", "Match companies and packages: ranked, explained, assigned");
  match->require_subcommand(1);
  add_ranked(*match, ctx, true);
  add_ranked(*match, ctx, false);
  add_consortium(*match, ctx);
  add_edges(*match, ctx);
  add_assign(*match, ctx);
}

}  // namespace chizai::cli
