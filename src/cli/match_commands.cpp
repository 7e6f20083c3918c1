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
  return MatchingService(db, ctx.actor(), or_fail(weights_from_settings(setting)),
                         or_fail(declined_days_from_settings(setting)));
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

std::string why_text(const matching::Match& m) {
  std::string out;
  const auto add = [&out](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  for (const auto& c : m.why.codes) add(c.interest + "~" + c.code + " (" + std::string(matching::level_name(c.level)) + ")");
  if (!m.why.terms.empty()) {
    std::string words;
    for (const auto& t : m.why.terms) words += (words.empty() ? "" : ", ") + t.term;
    add("words: " + words);
  }
  if (m.why.attended) add("attended");
  if (m.why.interested) add("interest");
  if (!m.why.licensed_subclass.empty()) add("licensed " + m.why.licensed_subclass);
  if (!m.why.region.empty()) add("region " + m.why.region);
  return out;
}

// "left out 3: declined 1, licensed 2", or "" when nothing was.
std::string left_out_text(const LeftOut& left_out) {
  if (left_out.total() == 0) return {};
  std::string out = "left out " + std::to_string(left_out.total()) + ":";
  const char* sep = " ";
  for (const auto& [reason, count] : left_out.by_reason) {
    out += sep + reason + " " + std::to_string(count);
    sep = ", ";
  }
  return out;
}

// Below a table (not CSV): what was left out.
void print_left_out(const Context& ctx, const LeftOut& left_out) {
  if (ctx.format() == Format::kCsv) return;
  if (auto text = left_out_text(left_out); !text.empty()) std::cout << text << '\n';
}

// "classification ×0.45"
std::string weighted(const char* component, double weight) {
  return std::string(component) + " ×" + matching::weight_text(weight);
}

void print_ranking(const Context& ctx, bool by_company, const Ranking& ranking) {
  std::vector<Row> rows;
  for (std::size_t i = 0; i < ranking.matches.size(); ++i) {
    const auto& m = ranking.matches[i];
    const std::string& code = by_company ? m.package : m.company;
    rows.push_back({std::to_string(i + 1), code,
                    Names::of(by_company ? ranking.names.packages : ranking.names.companies, code),
                    matching::points_text(m.score), matching::points_text(m.components.classification),
                    matching::points_text(m.components.text), matching::points_text(m.components.signals),
                    matching::points_text(m.components.region), why_text(m)});
  }
  const auto& w = ranking.weights;
  print_rows(ctx, {"rank", by_company ? "package" : "company", "name", "score", weighted("classification", w.classification),
                   weighted("text", w.text), weighted("signals", w.signals), weighted("region", w.region), "why"},
             rows);
  print_left_out(ctx, ranking.left_out);
}

void add_ranked(CLI::App& match, Context& ctx, bool by_company) {
  auto a = std::make_shared<MatchArgs>();
  auto* cmd = match.add_subcommand(by_company ? "company" : "package",
                                   by_company ? "The best packages for a company, with the score's components"
                                              : "The best companies for a package, with the score's components");
  cmd->add_option("CODE", a->code, by_company ? "Company code" : "Package code")->required();
  cmd->add_option("--top", a->top, "How many (default 10)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--date", a->date, "As of this day, YYYY-MM-DD (default today)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, a, by_company] {
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    auto service = service_for(*db, ctx);
    const auto ranking = or_fail(by_company ? service.match_company(a->code, a->top, day)
                                            : service.match_package(a->code, a->top, day));
    if (ctx.format() == Format::kJson) {
      std::cout << ranking_json(by_company ? "company" : "package", a->code, day.to_string(), ranking) << '\n';
    } else {
      print_ranking(ctx, by_company, ranking);
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
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
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
    for (const auto& u : p.universities) rows.push_back({"university", u.code, u.name_en, "", ""});
    for (const auto& m : p.companies) {
      rows.push_back({"company", m.company, Names::of(p.names.companies, m.company), matching::points_text(m.score),
                      why_text(m)});
    }
    for (const auto& [c, ref] : p.excluded) {
      rows.push_back({"excluded", c, Names::of(p.names.companies, c), "", "exclusive licence " + ref});
    }
    print_table(std::cout, {"role", "code", "name", "score", "detail"}, rows);
    print_left_out(ctx, p.left_out);
  });
}

void add_edges(CLI::App& match, Context& ctx) {
  auto a = std::make_shared<MatchArgs>();
  a->top = 0;
  auto* cmd = match.add_subcommand("edges", "The candidate edge set: the top K packages per company (scores 0-100)");
  cmd->add_option("--top", a->top, "K packages per company (default matching.top_k, 50)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--date", a->date, "As of this day, YYYY-MM-DD (default today)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
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
    for (const auto& e : edges) rows.push_back({e.company, e.package, matching::points_text(e.score)});
    print_rows(ctx, {"company", "package", "score"}, rows);
  });
}

// The flags are the fields of POST /api/v1/assignments (requests/matching.h).
void add_assign(CLI::App& match, Context& ctx) {
  auto* cmd = match.add_subcommand("assign", "Choose offers maximising the total score (exact min-cost flow)");
  auto flags = std::make_shared<RequestFlags>(cmd, requests::assignment_spec());
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
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
    for (const auto& p : r.pairs) {
      rows.push_back({p.company, Names::of(r.names.companies, p.company), p.package,
                      Names::of(r.names.packages, p.package), matching::points_text(p.score)});
    }
    print_rows(ctx, {"company", "company_name", "package", "package_name", "score"}, rows);
    if (ctx.format() != Format::kCsv) {
      std::cout << "total " << matching::tenths_text(r.total_tenths()) << " (" << r.pairs.size() << " pairs from "
                << r.candidate_edges << " candidate edges";
      if (!r.excluded_packages.empty()) {
        std::cout << "; " << r.excluded_packages.size() << " package(s) licensed exclusively left out";
      }
      std::cout << ")\n";
    }
    print_left_out(ctx, r.left_out);
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
