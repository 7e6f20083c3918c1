// chizai company add | import | show | list
// chizai interest add | list
// chizai event add | list
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/import_file.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "io/json_writer.h"
#include "requests/matching.h"
#include "services/matching_service.h"
#include "render/matching.h"

namespace chizai::cli {
namespace {

std::ifstream open_file(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Failure(kNoInput, "no such file: " + path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure(kIoErr, "cannot read " + path);
  return in;
}

void print_rows(const Context& ctx, const Row& header, const std::vector<Row>& rows) {
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

std::string interests_text(const CompanyProfile& c) {
  std::string out;
  for (const auto& i : c.interests) out += (out.empty() ? "" : "; ") + i.code + ":" + weight_text(i.weight_milli);
  return out;
}

Row company_row(const CompanyProfile& c) {
  return {c.code, c.name_en, c.country, c.region, c.size, c.industry, interests_text(c), c.keywords};
}
const Row kCompanyHeader = {"code", "name_en", "country", "region", "size", "industry", "interests", "keywords"};

std::string file_text(const std::string& path) {
  auto in = open_file(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// chizai company add FILE: one company object (.json), read by the reader of
// POST /api/v1/companies and of a companies.jsonl line.
void add_add(CLI::App& company, Context& ctx) {
  auto file = std::make_shared<std::string>();
  auto* cmd = company.add_subcommand("add", "Add or replace one company and its matching profile from a .json file");
  cmd->add_option("FILE", *file, "The company: one JSON object with the keys of a companies.jsonl line")->required();
  cmd->callback([&ctx, file] {
    const ParsedRecord<CompanyProfile> r = read_company_json(file_text(*file));
    if (!r.record) {
      for (const auto& e : r.errors) std::cerr << *file << ": " << (e.field.empty() ? "record" : e.field) << ": " << e.reason << '\n';
      throw Failure(kDataErr, *file + " is not a valid company; nothing was written");
    }
    auto db = ctx.open();
    const std::string outcome = or_fail(MatchingService(*db, ctx.actor()).put_company(*r.record));
    std::cout << "company " << r.record->code << ": " << outcome << '\n';
  });
}

struct ImportArgs {
  std::string file, rejects, encoding;
  bool skip_invalid = false;
};

void add_import(CLI::App& company, Context& ctx) {
  auto a = std::make_shared<ImportArgs>();
  auto* cmd = company.add_subcommand("import", "Import companies and their matching profiles from .csv or .jsonl");
  cmd->add_option("FILE", a->file, "The file (.csv or .jsonl)")->required();
  cmd->add_flag("--skip-invalid", a->skip_invalid,
                "Import the valid records and report the rest instead of refusing the file");
  cmd->add_option("--rejects", a->rejects, "With --skip-invalid: write the problems to this CSV file");
  add_encoding_flag(cmd, a->encoding);
  cmd->callback([&ctx, a] {
    ImportFile file = open_import_file(a->file, a->encoding);
    auto db = ctx.open();
    MatchingService service(*db, ctx.actor());
    ImportOptions opt;
    opt.skip_invalid = a->skip_invalid;
    const ImportReport r = service.import_companies(*file.in, file.format, opt);
    for (const auto& p : r.problems) {
      std::cerr << a->file << ":" << p.line << ": " << (p.field.empty() ? "record" : p.field) << ": "
                << p.reason << '\n';
    }
    if (!r.problems.empty() && a->skip_invalid && !a->rejects.empty()) {
      write_rejects(a->rejects, r.problems);
    }
    std::printf("company import %s: read %lld, inserted %lld, updated %lld, unchanged %lld, rejected %lld, "
                "%.2f s%s%s\n",
                a->file.c_str(), static_cast<long long>(r.read), static_cast<long long>(r.inserted),
                static_cast<long long>(r.updated), static_cast<long long>(r.unchanged),
                static_cast<long long>(r.rejected), r.seconds, file.summary.c_str(),
                r.written ? "" : " (nothing written)");
    if (!r.written) {
      throw Failure(kDataErr, std::to_string(r.rejected) + " invalid record(s) in " + a->file +
                                  "; nothing was written (fix them, or use --skip-invalid)");
    }
  });
}

void add_show_list(CLI::App& company, Context& ctx) {
  auto code = std::make_shared<std::string>();
  auto* show = company.add_subcommand("show", "Show a company's matching profile");
  show->add_option("CODE", *code, "Company code")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, code] {
    auto db = ctx.open();
    auto c = MatchingService(*db, ctx.actor()).find_company(*code);
    if (!c) fail(make_error(ErrorKind::kNotFound, "unknown_company", "no company " + *code));
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_company_json(w, *c);
      std::cout << w.str() << '\n';
      return;
    }
    print_table(std::cout, {"field", "value"},
                {{"code", c->code}, {"name_en", c->name_en}, {"name_ja", c->name_ja}, {"country", c->country},
                 {"region", c->region}, {"size", c->size}, {"industry", c->industry},
                 {"interests", interests_text(*c)}, {"keywords", c->keywords}});
  });
  auto region = std::make_shared<std::string>();
  auto pages = std::make_shared<PageFlags>();
  auto* list = company.add_subcommand("list", "List companies with their matching profiles, by code");
  list->add_option("--region", *region, "Only this region (japan, north_america, europe, …)");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  add_page_flags(list, *pages, "company code");
  list->callback([&ctx, region, pages] {
    auto db = ctx.open();
    MatchingService service(*db, ctx.actor());
    const auto all = read_pages<CompanyProfile>(
        *pages, [&](const PageRequest& p) { return service.list_companies(*region, p); });
    if (ctx.format() == Format::kJson) {
      std::cout << companies_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& c : all) rows.push_back(company_row(c));
    print_rows(ctx, kCompanyHeader, rows);
  });
}

struct InterestArgs {
  std::string company, package;
};

void add_interest(CLI::App& app, Context& ctx) {
  auto* interest = app.add_subcommand("interest", "Recorded interest of a company in a package (a matching signal)");
  interest->require_subcommand(1);
  auto a = std::make_shared<InterestArgs>();
  auto* add = interest->add_subcommand("add", "Record a company's interest in a package");
  add->add_option("COMPANY", a->company, "Company code")->required();
  add->add_option("PACKAGE", a->package, "Package code")->required();
  auto flags = std::make_shared<RequestFlags>(add, requests::interest_spec(), std::set<std::string>{"company", "package"});
  add->callback([&ctx, a, flags] {
    flags->set("company", a->company);
    flags->set("package", a->package);
    const auto in = flags->read(requests::read_interest);
    auto db = ctx.open();
    const auto r = or_fail(MatchingService(*db, ctx.actor()).add_interest(in.company, in.package, in.noted_on, in.note));
    std::cout << "interest " << r.id << ": " << r.company << " in " << r.package << " on "
              << r.noted_on.to_string() << '\n';
  });
  auto f = std::make_shared<InterestArgs>();
  auto* list = interest->add_subcommand("list", "List recorded interest, newest first");
  list->add_option("--company", f->company, "Only this company");
  list->add_option("--package", f->package, "Only this package");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  auto pages = std::make_shared<PageFlags>();
  add_page_flags(list, *pages, "interest NOTED_ON/ID (newest first: older ones follow)");
  list->callback([&ctx, f, pages] {
    auto db = ctx.open();
    MatchingService service(*db, ctx.actor());
    const auto all = read_pages<InterestRecord>(
        *pages, [&](const PageRequest& p) { return or_fail(service.list_interests(f->company, f->package, p)); });
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      w.begin_object().key("interests").begin_array();
      for (const auto& r : all) write_interest_json(w, r);
      w.end_array().end_object();
      std::cout << w.str() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& r : all) {
      rows.push_back({std::to_string(r.id), r.company, r.package, r.noted_on.to_string(), r.note});
    }
    print_rows(ctx, {"id", "company", "package", "noted_on", "note"}, rows);
  });
}

void add_event(CLI::App& app, Context& ctx) {
  auto* event = app.add_subcommand("event", "Matching events: fairs and new-technology briefings (新技術説明会)");
  event->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* add = event->add_subcommand("add", "Record an event from a JSON file (packages presented, companies attending)");
  add->add_option("FILE", *file, "The event file: .json (one event) or .jsonl (one event a line)")->required();
  add->callback([&ctx, file] {
    auto in = open_file(*file);
    std::vector<MatchingEvent> events;
    const bool lines = file->size() > 6 && file->substr(file->size() - 6) == ".jsonl";
    if (lines) {
      std::string line;
      std::size_t n = 0;
      while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto e = requests::parse_event(line);
        if (!e) throw Failure(kDataErr, *file + ":" + std::to_string(n) + ": " + e.error().message);
        events.push_back(std::move(e).value());
      }
    } else {
      std::ostringstream text;
      text << in.rdbuf();
      events.push_back(or_fail(requests::parse_event(text.str())));
    }
    auto db = ctx.open();
    or_fail(MatchingService(*db, ctx.actor()).add_events(events));
    for (const auto& e : events) {
      std::cout << "event " << e.code << " (" << e.kind << ", " << e.held_on.to_string() << "): "
                << e.packages.size() << " package(s), " << e.companies.size() << " company(ies)\n";
    }
  });
  auto pages = std::make_shared<PageFlags>();
  auto* list = event->add_subcommand("list", "List matching events by date held, then code");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  add_page_flags(list, *pages, "event HELD_ON/CODE");
  list->callback([&ctx, pages] {
    auto db = ctx.open();
    MatchingService service(*db, ctx.actor());
    const auto all =
        read_pages<MatchingEvent>(*pages, [&](const PageRequest& p) { return or_fail(service.list_events(p)); });
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      w.begin_object().key("events").begin_array();
      for (const auto& e : all) write_event_json(w, e);
      w.end_array().end_object();
      std::cout << w.str() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& e : all) {
      rows.push_back({e.code, e.held_on.to_string(), e.kind, e.name, std::to_string(e.packages.size()),
                      std::to_string(e.companies.size())});
    }
    print_rows(ctx, {"code", "held_on", "kind", "name", "packages", "companies"}, rows);
  });
}

}  // namespace

void add_company_commands(CLI::App& app, Context& ctx) {
  auto* company = app.add_subcommand("company", "Companies (institutions of kind company) and their matching profiles");
  company->require_subcommand(1);
  add_add(*company, ctx);
  add_import(*company, ctx);
  add_show_list(*company, ctx);
  add_interest(app, ctx);
  add_event(app, ctx);
}

}  // namespace chizai::cli
