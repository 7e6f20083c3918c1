// chizai package create | add | remove | weight | status | show | list
// chizai consortium create | add | nda | show | list
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "core/text.h"
#include "services/package_service.h"
#include "render/package.h"

namespace chizai::cli {
namespace {

// ---- Flag values -------------------------------------------------------------

// "--core A,B --core C": the numbers, split on commas. A piece of exactly
// three digits belongs to the number before it ("US 13/844,704").
std::vector<std::string> number_list(const std::string& flag, const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    for (auto piece : split(v, ',')) {
      piece = trim(piece);
      const bool group = piece.size() == 3 && piece.find_first_not_of("0123456789") == std::string_view::npos;
      if (group && !out.empty()) {
        out.back() += "," + std::string(piece);
      } else if (piece.empty()) {
        throw Failure(kUsage, flag + " '" + v + "': an empty application number");
      } else {
        out.emplace_back(piece);
      }
    }
  }
  return out;
}

template <class T>
T checked(Result<T> r) {
  if (!r) fail(r.error());
  return std::move(r).value();
}

void checked(const Status& s) {
  if (!s) fail(s.error());
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

void print_rows(const Context& ctx, const Row& header, const std::vector<Row>& rows) {
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

// ---- package create | add | remove | weight | status -------------------------

struct CreateArgs {
  std::string code, name_en, name_ja, theme, date;
  std::vector<std::string> core, peripheral;
};

void add_create(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<CreateArgs>();
  auto* cmd = package.add_subcommand("create", "Create a draft package around one or more core patents");
  cmd->add_option("--code", a->code, "Package code (A-Z a-z 0-9 . _ -)")->required();
  cmd->add_option("--name-en", a->name_en, "Name (English)")->required();
  cmd->add_option("--name-ja", a->name_ja, "Name (Japanese)")->required();
  cmd->add_option("--core", a->core, "Core patents: NUMBER[,NUMBER…] (repeatable)")->required();
  cmd->add_option("--peripheral", a->peripheral, "Peripheral patents: NUMBER[,NUMBER…] (repeatable)");
  cmd->add_option("--theme", a->theme, "Theme");
  cmd->add_option("--date", a->date, "Creation date, YYYY-MM-DD (default today)");
  cmd->callback([&ctx, a] {
    PackageDraft draft{a->code, a->name_en, a->name_ja, a->theme, number_list("--core", a->core),
                       number_list("--peripheral", a->peripheral), date_flag("--date", a->date)};
    auto db = ctx.open();
    const auto p = checked(PackageService(*db, ctx.actor(), ctx.scheme_settings()).create(draft));
    std::cout << "package " << p.code << " created on " << p.created_on.to_string() << " ("
              << to_string(p.status) << ", " << p.core << " core, " << p.peripheral
              << " peripheral)\n";
  });
}

struct AddArgs {
  std::string code, number, family, role, date;
  std::int64_t weight = 1;
};

void print_added(const std::string& code, const AddOutcome& r, MemberRole role,
                 std::optional<std::int64_t> weight, Date day) {
  const std::string how = std::string(to_string(role)) + ", weight " + std::to_string(weight.value_or(1));
  if (!r.family.empty()) std::cout << code << ": simple family " << r.family << '\n';
  for (const auto& n : r.added) {
    std::cout << code << ": added " << n << " (" << how << ") from " << day.to_string() << '\n';
  }
  if (!r.skipped.empty()) {
    std::cout << code << ": skipped (already members): " << join(r.skipped) << '\n';
  }
}

void add_add(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<AddArgs>();
  auto* cmd = package.add_subcommand("add", "Add a patent, or a whole simple family, to a package");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling");
  cmd->add_option("--family", a->family, "Add every registered member of this patent's simple family");
  cmd->add_option("--role", a->role, "core or peripheral")->required();
  auto* weight = cmd->add_option("--weight", a->weight, "Allocation weight, a whole number (default 1)");
  cmd->add_option("--date", a->date, "First day of membership, YYYY-MM-DD (default today)");
  cmd->callback([&ctx, a, weight] {
    if (a->number.empty() == a->family.empty()) {
      throw Failure(kUsage, "give either NUMBER or --family NUMBER");
    }
    const MemberRole role = word_flag("--role", a->role, parse_member_role, allowed_words_member_role());
    const std::optional<std::int64_t> w =
        weight->count() ? std::optional<std::int64_t>(a->weight) : std::nullopt;
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    PackageService service(*db, ctx.actor(), ctx.scheme_settings());
    const AddOutcome r = a->family.empty() ? checked(service.add_member(a->code, a->number, role, w, day))
                                           : checked(service.add_family(a->code, a->family, role, w, day));
    print_added(a->code, r, role, w, day);
  });
}

void add_remove(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<AddArgs>();
  auto* cmd = package.add_subcommand("remove", "End a patent's membership (the history is kept)");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling")->required();
  cmd->add_option("--date", a->date, "First day without it, YYYY-MM-DD (default today)");
  cmd->callback([&ctx, a] {
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    checked(PackageService(*db, ctx.actor(), ctx.scheme_settings()).remove_member(a->code, a->number, day));
    std::cout << a->code << ": removed " << a->number << " from " << day.to_string() << '\n';
  });
}

void add_weight(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<AddArgs>();
  auto* cmd = package.add_subcommand("weight", "Change a current member's allocation weight");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling")->required();
  cmd->add_option("WEIGHT", a->weight, "The new weight, a whole number")->required();
  cmd->add_option("--date", a->date, "First day of the new weight, YYYY-MM-DD (default today)");
  cmd->callback([&ctx, a] {
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    PackageService service(*db, ctx.actor(), ctx.scheme_settings());
    const auto old = checked(service.set_weight(a->code, a->number, a->weight, day));
    std::cout << a->code << ": " << a->number << " weight " << old << " -> " << a->weight
              << " from " << day.to_string() << '\n';
  });
}

void add_status(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<AddArgs>();
  auto* cmd = package.add_subcommand("status", "Move a package to another status");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("--set", a->role, allowed_words_package_status())->required();
  cmd->add_option("--date", a->date, "Date of the change, YYYY-MM-DD (default today)");
  cmd->callback([&ctx, a] {
    const PackageStatus to =
        word_flag("--set", a->role, parse_package_status, allowed_words_package_status());
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    const auto old = checked(PackageService(*db, ctx.actor(), ctx.scheme_settings()).set_status(a->code, to, day));
    std::cout << a->code << ": " << to_string(old) << " -> " << to_string(to) << " on "
              << day.to_string() << '\n';
  });
}

// ---- package show | list -----------------------------------------------------------

std::string owners_text(const std::vector<Owner>& owners) {
  std::string out;
  for (const auto& o : owners) out += (out.empty() ? "" : "; ") + o.institution + " " + o.share.to_string();
  return out;
}

void print_view_json(const PackageView& v, const std::vector<MembershipRecord>* history) {
  std::cout << render::package_view_json(v, history) << '\n';
}

const Row kMemberHeader = {"application", "role", "weight", "share", "since", "owners", "title"};

std::vector<Row> member_rows(const PackageView& v) {
  std::vector<Row> rows;
  for (const auto& m : v.members) {
    rows.push_back({m.application_number, to_string(m.role), std::to_string(m.weight), m.share.to_string(),
                    m.added_on.to_string(), owners_text(m.owners), m.title});
  }
  return rows;
}

void print_view_table(const PackageView& v, const std::vector<MembershipRecord>* history) {
  const PackageSummary& p = v.package;
  std::cout << "package: " << p.code << "\nname_en: " << p.name_en << "\nname_ja: " << p.name_ja
            << "\ntheme: " << p.theme << "\nstatus: " << to_string(p.status)
            << "\ncreated: " << p.created_on.to_string() << "\nat: " << v.at.to_string() << " ("
            << p.core << " core, " << p.peripheral << " peripheral, total weight " << v.total_weight
            << ")\n\n";
  std::vector<Row> rows = member_rows(v);
  print_table(std::cout, kMemberHeader, rows);
  if (!history) return;
  std::cout << "\nhistory:\n";
  rows.clear();
  for (const auto& r : *history) {
    const Membership& m = r.period;
    rows.push_back({m.patent, to_string(m.role), std::to_string(m.weight), m.added_on.to_string(),
                    m.removed_on ? m.removed_on->to_string() : ""});
  }
  print_table(std::cout, {"application", "role", "weight", "added", "removed"}, rows);
}

void add_show(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<AddArgs>();
  auto history = std::make_shared<bool>(false);
  auto* cmd = package.add_subcommand("show", "Show a package's members on a day with their allocation shares");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("--at", a->date, "The day, YYYY-MM-DD (default today)");
  cmd->add_flag("--history", *history, "Also list every membership period ever recorded");
  cmd->add_option("--format", ctx.format_text, "table, json or csv (csv: the members only)");
  cmd->callback([&ctx, a, history] {
    const Date day = date_flag("--at", a->date);
    auto db = ctx.open();
    PackageService service(*db, ctx.actor(), ctx.scheme_settings());
    const PackageView view = checked(service.show(a->code, day));
    std::vector<MembershipRecord> records;
    if (*history) records = checked(service.history(a->code));
    const auto* h = *history ? &records : nullptr;
    if (ctx.format() == Format::kJson) {
      print_view_json(view, h);
    } else if (ctx.format() == Format::kCsv) {
      print_csv(std::cout, kMemberHeader, member_rows(view));
    } else {
      print_view_table(view, h);
    }
  });
}

void add_list(CLI::App& package, Context& ctx) {
  auto status = std::make_shared<std::string>();
  auto paging = std::make_shared<PageFlags>();
  auto* cmd = package.add_subcommand("list", "List packages with today's member counts");
  cmd->add_option("--status", *status, allowed_words_package_status());
  add_page_flags(cmd, *paging, "package code");
  cmd->add_option("--format", ctx.format_text, "table, json or csv");
  cmd->callback([&ctx, status, paging] {
    std::optional<PackageStatus> filter;
    if (!status->empty()) {
      filter = word_flag("--status", *status, parse_package_status, allowed_words_package_status());
    }
    auto db = ctx.open();
    PackageService service(*db, ctx.actor(), ctx.scheme_settings());
    const Date today = today_local();
    const auto all = read_pages<PackageSummary>(
        *paging, [&](const PageRequest& page) { return service.list(filter, today, page); });
    if (ctx.format() == Format::kJson) {
      std::cout << render::package_list_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& p : all) {
      rows.push_back({p.code, p.name_en, p.name_ja, p.theme, to_string(p.status), p.created_on.to_string(),
                      std::to_string(p.core), std::to_string(p.peripheral)});
    }
    print_rows(ctx, {"code", "name_en", "name_ja", "theme", "status", "created_on", "core", "peripheral"},
               rows);
  });
}

// ---- consortium ------------------------------------------------------------------

struct ConsortiumArgs {
  std::string code, package, institution, role, date, nda_date, nda_status;
};

void add_consortium_create(CLI::App& consortium, Context& ctx) {
  auto a = std::make_shared<ConsortiumArgs>();
  auto* cmd = consortium.add_subcommand("create", "Form a consortium around a package");
  cmd->add_option("--code", a->code, "Consortium code")->required();
  cmd->add_option("--package", a->package, "Package code")->required();
  cmd->add_option("--date", a->date, "Formation date, YYYY-MM-DD (default today)");
  cmd->callback([&ctx, a] {
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    checked(ConsortiumService(*db, ctx.actor(), ctx.scheme_settings()).create(a->code, a->package, day));
    std::cout << "consortium " << a->code << " formed around " << a->package << " on "
              << day.to_string() << '\n';
  });
}

std::string nda_text(const NdaState& nda) {
  return std::string(to_string(nda.status)) + (nda.on ? " " + nda.on->to_string() : "");
}

void add_consortium_add(CLI::App& consortium, Context& ctx) {
  auto a = std::make_shared<ConsortiumArgs>();
  auto* cmd = consortium.add_subcommand("add", "Add an institution to a consortium");
  cmd->add_option("CODE", a->code, "Consortium code")->required();
  cmd->add_option("--institution", a->institution, "Institution code")->required();
  cmd->add_option("--role", a->role, allowed_words_consortium_role())->required();
  cmd->add_option("--date", a->date, "Joined date, YYYY-MM-DD")->required();
  cmd->add_option("--nda-date", a->nda_date, "NDA date, YYYY-MM-DD (alone: the NDA is signed)");
  cmd->add_option("--nda-status", a->nda_status, allowed_words_nda_status());
  cmd->callback([&ctx, a] {
    ConsortiumJoin join;
    join.institution = a->institution;
    join.role = word_flag("--role", a->role, parse_consortium_role, allowed_words_consortium_role());
    join.joined_on = date_flag("--date", a->date);
    if (!a->nda_date.empty()) join.nda_date = date_flag("--nda-date", a->nda_date);
    if (!a->nda_status.empty()) {
      join.nda_status = word_flag("--nda-status", a->nda_status, parse_nda_status, allowed_words_nda_status());
    }
    auto db = ctx.open();
    ConsortiumService service(*db, ctx.actor(), ctx.scheme_settings());
    checked(service.add_member(a->code, join));
    std::cout << a->code << ": " << a->institution << " joined as " << a->role << " on "
              << join.joined_on.to_string() << '\n';
  });
}

void add_consortium_nda(CLI::App& consortium, Context& ctx) {
  auto a = std::make_shared<ConsortiumArgs>();
  auto* cmd = consortium.add_subcommand("nda", "Record a member's NDA request or signature");
  cmd->add_option("CODE", a->code, "Consortium code")->required();
  cmd->add_option("--institution", a->institution, "Institution code")->required();
  cmd->add_option("--status", a->nda_status, "requested or signed")->required();
  cmd->add_option("--date", a->date, "Date, YYYY-MM-DD")->required();
  cmd->callback([&ctx, a] {
    const NdaStatus status = word_flag("--status", a->nda_status, parse_nda_status, "requested, signed");
    if (status == NdaStatus::kNone) throw Failure(kUsage, "--status none: use requested or signed");
    const Date day = date_flag("--date", a->date);
    auto db = ctx.open();
    ConsortiumService service(*db, ctx.actor(), ctx.scheme_settings());
    const NdaState nda = checked(service.set_nda(a->code, a->institution, status, day));
    std::cout << a->code << ": " << a->institution << " NDA " << nda_text(nda) << '\n';
  });
}

void print_consortium(const Context& ctx, const ConsortiumView& c) {
  if (ctx.format() == Format::kJson) {
    std::cout << render::consortium_json(c) << '\n';
    return;
  }
  std::vector<Row> rows;
  for (const auto& m : c.members) {
    rows.push_back({m.institution.code, to_string(m.institution.kind), to_string(m.role),
                    m.joined_on.to_string(), to_string(m.nda.status),
                    m.nda.on ? m.nda.on->to_string() : "", m.institution.name_en});
  }
  const Row header = {"institution", "kind", "role", "joined", "nda", "nda_date", "name"};
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
    return;
  }
  std::cout << "consortium: " << c.code << "\npackage: " << c.package
            << "\ncreated: " << c.created_on.to_string() << "\n\n";
  print_table(std::cout, header, rows);
}

std::int64_t count_signed(const ConsortiumView& c) {
  std::int64_t n = 0;
  for (const auto& m : c.members) n += m.nda.status == NdaStatus::kSigned ? 1 : 0;
  return n;
}

void print_consortia(const Context& ctx, const std::vector<ConsortiumView>& all) {
  if (ctx.format() == Format::kJson) {
    std::cout << render::consortia_json(all) << '\n';
    return;
  }
  std::vector<Row> rows;
  for (const auto& c : all) {
    rows.push_back({c.code, c.package, c.created_on.to_string(), std::to_string(c.members.size()),
                    std::to_string(count_signed(c))});
  }
  print_rows(ctx, {"code", "package", "created_on", "members", "nda_signed"}, rows);
}

void add_consortium_commands(CLI::App& app, Context& ctx) {
  auto* consortium = app.add_subcommand("consortium", "Consortia of universities and companies around a package");
  consortium->require_subcommand(1);
  add_consortium_create(*consortium, ctx);
  add_consortium_add(*consortium, ctx);
  add_consortium_nda(*consortium, ctx);

  auto code = std::make_shared<std::string>();
  auto* show = consortium->add_subcommand("show", "Show a consortium and its members");
  show->add_option("CODE", *code, "Consortium code")->required();
  show->add_option("--format", ctx.format_text, "table, json or csv (csv: the members only)");
  show->callback([&ctx, code] {
    auto db = ctx.open();
    print_consortium(ctx, checked(ConsortiumService(*db, ctx.actor(), ctx.scheme_settings()).show(*code)));
  });

  auto package = std::make_shared<std::string>();
  auto paging = std::make_shared<PageFlags>();
  auto* list = consortium->add_subcommand("list", "List consortia");
  list->add_option("--package", *package, "Only consortia around this package");
  add_page_flags(list, *paging, "consortium code");
  list->add_option("--format", ctx.format_text, "table, json or csv");
  list->callback([&ctx, package, paging] {
    auto db = ctx.open();
    ConsortiumService service(*db, ctx.actor(), ctx.scheme_settings());
    print_consortia(ctx, read_pages<ConsortiumView>(*paging, [&](const PageRequest& page) {
                      return checked(service.list(*package, page));
                    }));
  });
}

}  // namespace

void add_package_commands(CLI::App& app, Context& ctx) {
  auto* package = app.add_subcommand("package", "Packages: patent groups bundled around core patents");
  package->require_subcommand(1);
  add_create(*package, ctx);
  add_add(*package, ctx);
  add_remove(*package, ctx);
  add_weight(*package, ctx);
  add_status(*package, ctx);
  add_show(*package, ctx);
  add_list(*package, ctx);
  add_consortium_commands(app, ctx);
}

}  // namespace chizai::cli
