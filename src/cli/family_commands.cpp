// chizai family list | show | rebuild
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "services/registry_service.h"
#include "render/family.h"

namespace chizai::cli {

void add_family_commands(CLI::App& app, Context& ctx) {
  auto* family = app.add_subcommand("family", "Patent families (simple = DOCDB, extended = INPADOC)");
  family->require_subcommand(1);

  auto kind = std::make_shared<std::string>("simple");
  auto* list = family->add_subcommand("list", "List families with their registered members");
  list->add_option("--kind", *kind, "simple or extended")->check(CLI::IsMember({"simple", "extended"}));
  auto paging = std::make_shared<PageFlags>();
  add_page_flags(list, *paging, "family id");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, kind, paging] {
    auto db = ctx.open();
    RegistryService service(*db);
    const auto families = read_pages<FamilyRow>(
        *paging, [&](const PageRequest& page) { return service.list_families(*kind, {}, page); });
    if (ctx.format() == Format::kJson) {
      std::cout << render::families_json(families) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& f : families) {
      std::string members;
      for (const auto& m : f.members) members += (members.empty() ? "" : " ") + m;
      rows.push_back({f.id, std::to_string(f.members.size()), members});
    }
    const Row header = {"family", "size", "members"};
    if (ctx.format() == Format::kCsv) {
      print_csv(std::cout, header, rows);
    } else {
      print_table(std::cout, header, rows);
    }
  });

  auto number = std::make_shared<std::string>();
  auto* show = family->add_subcommand("show", "Both families of one application");
  show->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, number] {
    auto db = ctx.open();
    const auto f = or_fail(RegistryService(*db).families_of(*number));
    if (ctx.format() == Format::kJson) {
      std::cout << render::patent_families_json(f) << '\n';
      return;
    }
    std::cout << "application: " << f.application << '\n';
    for (const auto& [label, row] : {std::pair{"simple", &f.simple}, std::pair{"extended", &f.extended}}) {
      std::cout << label << " family " << row->id << ":";
      for (const auto& m : row->members) std::cout << ' ' << m;
      std::cout << '\n';
    }
  });

  auto* rebuild = family->add_subcommand("rebuild", "Recompute every family from the priority claims");
  rebuild->callback([&ctx] {
    auto db = ctx.open();
    RegistryService service(*db);
    WriteTransaction tx(*db);
    const FamilyRefresh r = service.refresh_families();
    tx.commit();
    std::printf("families: %lld applications, %lld claims, %lld simple, %lld extended, %lld changed; "
                "compute %.3f s, total %.3f s\n",
                static_cast<long long>(r.applications), static_cast<long long>(r.claims),
                static_cast<long long>(r.simple_families), static_cast<long long>(r.extended_families),
                static_cast<long long>(r.changed), r.compute_seconds, r.total_seconds);
  });
}

}  // namespace chizai::cli
