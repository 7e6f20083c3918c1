// chizai staff add | show | members: the registered staff whom deals name.
// (`staff assign` and `staff list`, the projects' overseas staff
// assignments, are project_commands.cpp's: the same `staff` command.)
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "io/json_writer.h"
#include "render/staff_member.h"
#include "requests/staff_member.h"
#include "services/staff_service.h"

namespace chizai::cli {
namespace {

// Refuses a --format the command does not offer (exit 64).
void check_format(const Context& ctx, bool csv) {
  const Format f = ctx.format();
  if (f == Format::kTable || f == Format::kJson || (csv && f == Format::kCsv)) return;
  throw Failure(kUsage, "--format '" + ctx.format_text + "': use table" + (csv ? ", json or csv" : " or json"));
}

Row staff_row(const StaffMember& s) {
  return {s.code, s.name_latin, s.name_ja, s.region.empty() ? "-" : s.region, s.legacy_name};
}

const Row kHeader = {"code", "name_latin", "name_ja", "region", "legacy_name"};

// The flags are the fields of POST /api/v1/staff-members (requests/staff_member.h).
void add_staff_add(CLI::App& staff, Context& ctx) {
  auto* cmd = staff.add_subcommand("add", "Register a staff member, or change the names and region of one");
  auto flags = std::make_shared<RequestFlags>(cmd, requests::staff_member_spec());
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, flags] {
    check_format(ctx, false);
    const StaffMember in = flags->read(requests::read_staff_member);
    auto db = ctx.open();
    StaffService service(*db, ctx.actor());
    const std::string outcome = or_fail(service.put(in));
    const StaffMember s = or_fail(service.show(in.code));
    if (ctx.format() == Format::kJson) {
      std::cout << render::staff_outcome_json(outcome, s) << '\n';
      return;
    }
    std::cout << "staff " << s.code << ": " << outcome << " (" << display_name(s.name_latin, s.name_ja) << ", "
              << (s.region.empty() ? "-" : s.region) << ")\n";
  });
}

void add_staff_show(CLI::App& staff, Context& ctx) {
  auto code = std::make_shared<std::string>();
  auto* cmd = staff.add_subcommand("show", "Show a staff member");
  cmd->add_option("CODE", *code, "Staff code")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, code] {
    check_format(ctx, false);
    auto db = ctx.open();
    const StaffMember s = or_fail(StaffService(*db, ctx.actor()).show(*code));
    if (ctx.format() == Format::kJson) {
      std::cout << render::staff_json(s) << '\n';
      return;
    }
    const Row row = staff_row(s);
    std::vector<Row> rows;
    for (std::size_t i = 0; i < kHeader.size(); ++i) rows.push_back({kHeader[i], row[i]});
    print_table(std::cout, {"field", "value"}, rows);
  });
}

void add_staff_members(CLI::App& staff, Context& ctx) {
  auto region = std::make_shared<std::string>();
  auto pages = std::make_shared<PageFlags>();
  auto* cmd = staff.add_subcommand("members", "List the registered staff members by code");
  cmd->add_option("--region", *region, "Only staff covering this region (japan, europe, …)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  add_page_flags(cmd, *pages, "staff code");
  cmd->callback([&ctx, region, pages] {
    check_format(ctx, true);
    auto db = ctx.open();
    StaffService service(*db, ctx.actor());
    const auto all =
        read_pages<StaffMember>(*pages, [&](const PageRequest& p) { return or_fail(service.list(*region, p)); });
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      w.begin_array();
      for (const auto& s : all) render::write_staff(w, s);
      w.end_array();
      std::cout << w.take() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& s : all) rows.push_back(staff_row(s));
    if (ctx.format() == Format::kCsv) {
      print_csv(std::cout, kHeader, rows);
    } else {
      print_table(std::cout, kHeader, rows);
    }
  });
}

}  // namespace

void add_staff_register_commands(CLI::App& app, Context& ctx) {
  CLI::App* staff = nullptr;
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == "staff") staff = sub;
  }
  if (staff == nullptr) {
    staff = app.add_subcommand("staff");
    staff->require_subcommand(1);
  }
  staff->description("Staff: registered members (add, show, members), whom deals name; projects' overseas "
                     "assignments (assign, list)");
  add_staff_add(*staff, ctx);
  add_staff_show(*staff, ctx);
  add_staff_members(*staff, ctx);
}

}  // namespace chizai::cli
