// chizai institution alias add|remove|list, institution resolve: the names
// office data gives institutions (services/institution_names.h).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "render/institution_alias.h"
#include "services/institution_names.h"

namespace chizai::cli {
namespace {

struct AliasArgs {
  std::string code;
  std::string alias;
};

void print_change(const Context& ctx, const AliasChange& c) {
  if (ctx.format() == Format::kJson) {
    std::cout << render::alias_change_json(c) << '\n';
    return;
  }
  std::cout << "institution " << c.institution << ": alias '" << c.alias << "' " << c.result << " (key '" << c.key
            << "')\n";
}

void add_alias_change(CLI::App& alias, Context& ctx, bool adding) {
  auto args = std::make_shared<AliasArgs>();
  auto* cmd = alias.add_subcommand(adding ? "add" : "remove",
                                   adding ? "Give an institution an alias (a name office data uses for it)"
                                          : "Take an alias from an institution (matched by its key)");
  cmd->add_option("CODE", args->code, "Institution code")->required();
  cmd->add_option("NAME", args->alias, "The alias, as offices write it (\"UNIV TOKYO\")")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, args, adding] {
    auto db = ctx.open();
    InstitutionAliasService service(*db, ctx.actor());
    print_change(ctx, or_fail(adding ? service.add(args->code, args->alias) : service.remove(args->code, args->alias)));
  });
}

void add_alias_list(CLI::App& alias, Context& ctx) {
  auto code = std::make_shared<std::string>();
  auto* cmd = alias.add_subcommand("list", "List an institution's aliases");
  cmd->add_option("CODE", *code, "Institution code")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, code] {
    auto db = ctx.open();
    const auto aliases = or_fail(InstitutionAliasService(*db, ctx.actor()).list(*code));
    if (ctx.format() == Format::kJson) {
      std::cout << render::aliases_json(*code, aliases) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const StoredAlias& a : aliases) rows.push_back({a.alias, a.key, a.added_at, a.added_by});
    const Row header = {"alias", "key", "added_at", "added_by"};
    if (ctx.format() == Format::kCsv) {
      print_csv(std::cout, header, rows);
    } else {
      print_table(std::cout, header, rows);
    }
  });
}

void add_resolve(CLI::App& inst, Context& ctx) {
  auto names = std::make_shared<std::vector<std::string>>();
  auto* cmd = inst.add_subcommand(
      "resolve", "Which institution an applicant's name is: by code, name or alias after folding case, width, "
                 "punctuation and legal forms; else the closest (exit 65)");
  cmd->add_option("NAME", *names, "Names as office data writes them")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, names] {
    auto db = ctx.open();
    const InstitutionNames resolver(*db);
    bool all = true;
    std::string json = "[";
    for (const std::string& name : *names) {
      const NameResolution r = resolver.resolve(name);
      all = all && r.resolved();
      if (ctx.format() == Format::kJson) {
        json += (json.size() > 1 ? "," : "") + render::resolution_json(name, r, 0);
      } else if (r.resolved()) {
        std::cout << "'" << name << "' -> " << r.code << " (matched '" << r.matched << "')\n";
      } else {
        std::cout << describe_unresolved(name, r) << '\n';
      }
    }
    if (ctx.format() == Format::kJson) std::cout << json << "]\n";
    if (!all) throw Failure(kDataErr, "some names match no single institution");
  });
}

}  // namespace

void add_institution_alias_commands(CLI::App& inst, Context& ctx) {
  auto* alias = inst.add_subcommand("alias", "Names office data gives an institution (README \"Institution names "
                                             "and aliases\")");
  alias->require_subcommand(1);
  add_alias_change(*alias, ctx, true);
  add_alias_change(*alias, ctx, false);
  add_alias_list(*alias, ctx);
  add_resolve(inst, ctx);
}

}  // namespace chizai::cli
