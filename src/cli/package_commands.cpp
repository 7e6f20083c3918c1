// chizai package create | add | remove | weight | status | show | list
// chizai consortium create | add | nda | show | list
#include <ctime>
#include <iostream>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "core/text.h"
#include "io/json_writer.h"
#include "requests/package.h"
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

// A list of application numbers as the JSON array a request's list field takes.
std::string numbers_json(const std::vector<std::string>& numbers) {
  JsonWriter w;
  w.begin_array();
  for (const auto& n : numbers) w.value(n);
  w.end_array();
  return w.take();
}

// --core and --peripheral are read here, not by RequestFlags: a piece of
// three digits after a comma belongs to the number before it.
struct NumberFlags {
  std::vector<std::string> core, peripheral;
};

void add_create(CLI::App& package, Context& ctx) {
  auto numbers = std::make_shared<NumberFlags>();
  auto* cmd = package.add_subcommand("create", "Create a draft package around one or more core patents");
  auto flags = std::make_shared<RequestFlags>(cmd, requests::package_spec(), std::set<std::string>{"core", "peripheral"});
  cmd->add_option("--core", numbers->core, "Core patents: NUMBER[,NUMBER…] (repeatable)")->required();
  cmd->add_option("--peripheral", numbers->peripheral, "Peripheral patents: NUMBER[,NUMBER…] (repeatable)");
  cmd->callback([&ctx, numbers, flags] {
    flags->set_json("core", numbers_json(number_list("--core", numbers->core)));
    if (!numbers->peripheral.empty()) {
      flags->set_json("peripheral", numbers_json(number_list("--peripheral", numbers->peripheral)));
    }
    const PackageDraft draft = flags->read(requests::read_package);
    auto db = ctx.open();
    const auto p = checked(PackageService(*db, ctx.actor(), ctx.scheme_settings()).create(draft));
    std::cout << "package " << p.code << " created on " << p.created_on.to_string() << " ("
              << to_string(p.status) << ", " << p.core << " core, " << p.peripheral
              << " peripheral)\n";
  });
}

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

// The package's CODE and a patent's NUMBER, given as arguments.
struct MemberArgs {
  std::string code, number;
};

// `package add CODE NUMBER | --family NUMBER`: the field patent is the
// argument NUMBER, so the choice is checked here to name it.
void add_add(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<MemberArgs>();
  auto family = std::make_shared<std::string>();
  auto* cmd = package.add_subcommand("add", "Add a patent, or a whole simple family, to a package");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling (the field patent)");
  cmd->add_option("--family", *family, std::string(requests::member_spec().find("family")->description));
  auto flags =
      std::make_shared<RequestFlags>(cmd, requests::member_spec(), std::set<std::string>{"patent", "family"});
  cmd->callback([&ctx, a, family, flags] {
    if (a->number.empty() == family->empty()) throw Failure(kUsage, "give either NUMBER or --family NUMBER");
    flags->set("patent", a->number);
    flags->set("family", *family);
    const requests::MemberRequest r = flags->read(requests::read_member);
    auto db = ctx.open();
    PackageService service(*db, ctx.actor(), ctx.scheme_settings());
    const AddOutcome out = r.family.empty() ? checked(service.add_member(a->code, r.patent, r.role, r.weight, r.date))
                                            : checked(service.add_family(a->code, r.family, r.role, r.weight, r.date));
    print_added(a->code, out, r.role, r.weight, r.date);
  });
}

void add_remove(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<MemberArgs>();
  auto date = std::make_shared<std::string>();
  auto* cmd = package.add_subcommand("remove", "End a patent's membership (the history is kept)");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling")->required();
  cmd->add_option("--date", *date, "First day without it, YYYY-MM-DD (default today)");
  cmd->callback([&ctx, a, date] {
    const Date day = date_flag("--date", *date);
    auto db = ctx.open();
    checked(PackageService(*db, ctx.actor(), ctx.scheme_settings()).remove_member(a->code, a->number, day));
    std::cout << a->code << ": removed " << a->number << " from " << day.to_string() << '\n';
  });
}

void add_weight(CLI::App& package, Context& ctx) {
  auto a = std::make_shared<MemberArgs>();
  auto weight = std::make_shared<std::int64_t>(1);
  auto* cmd = package.add_subcommand("weight", "Change a current member's allocation weight");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling")->required();
  cmd->add_option("WEIGHT", *weight, "The new weight, a whole number")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::weight_spec(), std::set<std::string>{"weight"});
  cmd->callback([&ctx, a, weight, flags] {
    flags->set("weight", std::to_string(*weight));
    const requests::WeightRequest r = flags->read(requests::read_weight);
    auto db = ctx.open();
    PackageService service(*db, ctx.actor(), ctx.scheme_settings());
    const auto old = checked(service.set_weight(a->code, a->number, r.weight, r.date));
    std::cout << a->code << ": " << a->number << " weight " << old << " -> " << r.weight
              << " from " << r.date.to_string() << '\n';
  });
}

void add_status(CLI::App& package, Context& ctx) {
  auto code = std::make_shared<std::string>();
  auto* cmd = package.add_subcommand("status", "Move a package to another status");
  cmd->add_option("CODE", *code, "Package code")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::package_status_spec());
  cmd->callback([&ctx, code, flags] {
    const requests::StatusRequest r = flags->read(requests::read_package_status);
    auto db = ctx.open();
    const auto old = checked(PackageService(*db, ctx.actor(), ctx.scheme_settings()).set_status(*code, r.status, r.date));
    std::cout << *code << ": " << to_string(old) << " -> " << to_string(r.status) << " on "
              << r.date.to_string() << '\n';
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
  if (!v.licences.empty()) {
    std::cout << "\nlicences in force on " << v.at.to_string() << ":\n";
    rows.clear();
    for (const auto& l : v.licences) {
      rows.push_back({l.agreement, l.licensee, l.exclusive ? "exclusive" : "non-exclusive", l.starts_on.to_string(),
                      l.ends_on.to_string()});
    }
    print_table(std::cout, {"agreement", "licensee", "exclusivity", "starts_on", "ends_on"}, rows);
  }
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
  struct ShowArgs {
    std::string code, at;
  };
  auto a = std::make_shared<ShowArgs>();
  auto history = std::make_shared<bool>(false);
  auto* cmd = package.add_subcommand("show", "Show a package's members on a day with their allocation shares");
  cmd->add_option("CODE", a->code, "Package code")->required();
  cmd->add_option("--at", a->at, "The day, YYYY-MM-DD (default today)");
  cmd->add_flag("--history", *history, "Also list every membership period ever recorded");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv}, "csv: the members only");
  cmd->callback([&ctx, a, history] {
    const Date day = date_flag("--at", a->at);
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
  auto at = std::make_shared<std::string>();
  auto paging = std::make_shared<PageFlags>();
  auto* cmd = package.add_subcommand("list", "List packages with their status and member counts on a day");
  cmd->add_option("--status", *status, allowed_words_package_status() + " (the status on the day)");
  cmd->add_option("--at", *at, "The day, YYYY-MM-DD (default today)");
  add_page_flags(cmd, *paging, "package code");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, status, at, paging] {
    std::optional<PackageStatus> filter;
    if (!status->empty()) {
      filter = word_flag("--status", *status, parse_package_status, allowed_words_package_status());
    }
    const Date today = date_flag("--at", *at);
    auto db = ctx.open();
    PackageService service(*db, ctx.actor(), ctx.scheme_settings());
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

void add_consortium_create(CLI::App& consortium, Context& ctx) {
  auto* cmd = consortium.add_subcommand("create", "Form a consortium around a package");
  auto flags = std::make_shared<RequestFlags>(cmd, requests::consortium_spec());
  cmd->callback([&ctx, flags] {
    const requests::ConsortiumRequest r = flags->read(requests::read_consortium);
    auto db = ctx.open();
    checked(ConsortiumService(*db, ctx.actor(), ctx.scheme_settings()).create(r.code, r.package, r.date));
    std::cout << "consortium " << r.code << " formed around " << r.package << " on " << r.date.to_string()
              << '\n';
  });
}

std::string nda_text(const NdaState& nda) {
  return std::string(to_string(nda.status)) + (nda.on ? " " + nda.on->to_string() : "");
}

void add_consortium_add(CLI::App& consortium, Context& ctx) {
  auto code = std::make_shared<std::string>();
  auto* cmd = consortium.add_subcommand("add", "Add an institution to a consortium");
  cmd->add_option("CODE", *code, "Consortium code")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::consortium_member_spec());
  cmd->callback([&ctx, code, flags] {
    const ConsortiumJoin join = flags->read(requests::read_consortium_member);
    auto db = ctx.open();
    ConsortiumService service(*db, ctx.actor(), ctx.scheme_settings());
    checked(service.add_member(*code, join));
    std::cout << *code << ": " << join.institution << " joined as " << to_string(join.role) << " on "
              << join.joined_on.to_string() << '\n';
  });
}

void add_consortium_nda(CLI::App& consortium, Context& ctx) {
  struct NdaArgs {
    std::string code, institution;
  };
  auto a = std::make_shared<NdaArgs>();
  auto* cmd = consortium.add_subcommand("nda", "Record a member's NDA request or signature");
  cmd->add_option("CODE", a->code, "Consortium code")->required();
  cmd->add_option("--institution", a->institution, "Institution code (the member)")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::nda_spec());
  cmd->callback([&ctx, a, flags] {
    const requests::NdaRequest r = flags->read(requests::read_nda);
    auto db = ctx.open();
    ConsortiumService service(*db, ctx.actor(), ctx.scheme_settings());
    const NdaState nda = checked(service.set_nda(a->code, a->institution, r.status, r.date));
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
  add_format_option(show, ctx, {Format::kTable, Format::kJson, Format::kCsv}, "csv: the members only");
  show->callback([&ctx, code] {
    auto db = ctx.open();
    print_consortium(ctx, checked(ConsortiumService(*db, ctx.actor(), ctx.scheme_settings()).show(*code)));
  });

  auto package = std::make_shared<std::string>();
  auto paging = std::make_shared<PageFlags>();
  auto* list = consortium->add_subcommand("list", "List consortia");
  list->add_option("--package", *package, "Only consortia around this package");
  add_page_flags(list, *paging, "consortium code");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
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
