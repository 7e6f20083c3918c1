// chizai institution … | patent …
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "io/json_writer.h"
#include "io/registry_formats.h"
#include "io/registry_json.h"
#include "registry/numbers.h"
#include "services/aggregation_service.h"
#include "services/registry_service.h"
#include "render/registry.h"

namespace chizai::cli {
namespace {

struct ImportArgs {
  std::string file;
  bool skip_invalid = false;
  std::string rejects;
};

std::ifstream open_input(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Failure(kNoInput, "no such file: " + path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure(kIoErr, "cannot read " + path);
  return in;
}

// A progress line on stderr, only when stderr is a terminal and the file is
// large enough to be worth watching.
std::function<void(std::int64_t)> progress_for(std::ifstream& in, const std::string& path) {
  const auto size = std::filesystem::file_size(path);
  if (!isatty(STDERR_FILENO) || size < (8u << 20)) return {};
  return [&in, size](std::int64_t records) {
    const auto pos = static_cast<double>(in.tellg());
    const int pct = pos < 0 ? 100 : static_cast<int>(100.0 * pos / static_cast<double>(size));
    const int filled = pct / 5;
    std::fprintf(stderr, "\r[%-20.*s] %3d%%  %lld records", filled, "####################", pct,
                 static_cast<long long>(records));
    std::fflush(stderr);
  };
}

void write_rejects(const std::string& path, const std::vector<RowProblem>& problems) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Failure(kCantCreate, "cannot write " + path);
  print_csv(out, {"line", "key", "field", "reason"}, [&] {
    std::vector<Row> rows;
    for (const auto& p : problems) rows.push_back({std::to_string(p.line), p.key, p.field, p.reason});
    return rows;
  }());
}

void report_import(const char* what, const ImportArgs& args, const ImportReport& r, bool tty_progress) {
  if (tty_progress) std::cerr << '\n';
  for (const auto& p : r.problems) {
    std::cerr << args.file << ":" << p.line << ": " << (p.field.empty() ? "record" : p.field)
              << ": " << p.reason << '\n';
  }
  if (!r.problems.empty() && args.skip_invalid && !args.rejects.empty()) {
    write_rejects(args.rejects, r.problems);
  }
  std::printf("%s import %s: read %lld, inserted %lld, updated %lld, unchanged %lld, rejected %lld, "
              "%.2f s%s\n",
              what, args.file.c_str(), static_cast<long long>(r.read),
              static_cast<long long>(r.inserted), static_cast<long long>(r.updated),
              static_cast<long long>(r.unchanged), static_cast<long long>(r.rejected), r.seconds,
              r.written ? "" : " (nothing written)");
  if (!r.written) {
    throw Failure(kDataErr, std::to_string(r.rejected) + " invalid record(s) in " + args.file +
                                "; nothing was written (fix them, or use --skip-invalid)");
  }
}

void add_import(CLI::App& parent, Context& ctx, const char* what, bool patents) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = parent.add_subcommand("import", std::string("Import ") + what + " from .csv or .jsonl");
  cmd->add_option("FILE", args->file, "The file (.csv or .jsonl)")->required();
  cmd->add_flag("--skip-invalid", args->skip_invalid,
                "Import the valid records and report the rest instead of refusing the file");
  cmd->add_option("--rejects", args->rejects,
                  "With --skip-invalid: write the rejected records' problems to this CSV file");
  cmd->callback([&ctx, args, what, patents] {
    auto format = format_for_path(args->file);
    if (!format) fail(format.error(), kUsage);
    auto in = open_input(args->file);
    auto db = ctx.open();
    RegistryService service(*db);
    ImportOptions opt;
    opt.skip_invalid = args->skip_invalid;
    opt.progress = progress_for(in, args->file);
    const bool tty = static_cast<bool>(opt.progress);
    const ImportReport r = patents ? service.import_patents(in, *format, opt)
                                   : service.import_institutions(in, *format, opt);
    report_import(what, *args, r, tty);
  });
}

Row patent_row(const StoredPatent& sp) {
  const Patent& p = sp.patent;
  std::string owners;
  for (const auto& o : p.owners) {
    if (!owners.empty()) owners += "; ";
    owners += o.institution + ":" + o.share.to_string();
  }
  std::string ipc;
  for (const auto& c : p.ipc) ipc += (ipc.empty() ? "" : "; ") + c;
  return {p.application_number, p.jurisdiction, p.filing_date.to_string(), to_string(p.kind),
          to_string(p.status), to_string(p.stage), owners, ipc, sp.simple_family,
          sp.extended_family, p.title};
}

const Row kPatentHeader = {"application_number", "jurisdiction", "filing_date", "kind", "status",
                           "stage", "owners", "ipc", "simple_family", "extended_family", "title"};

void print_patents(const Context& ctx, const std::vector<StoredPatent>& patents) {
  switch (ctx.format()) {
    case Format::kJson: {
      JsonWriter w(2);
      write_patents_json(w, patents);
      std::cout << w.str() << '\n';
      return;
    }
    case Format::kCsv: {
      std::vector<Row> rows;
      for (const auto& p : patents) rows.push_back(patent_row(p));
      print_csv(std::cout, kPatentHeader, rows);
      return;
    }
    default: {
      std::vector<Row> rows;
      for (const auto& p : patents) {
        Row r = patent_row(p);
        rows.push_back({r[0], r[2], r[4], r[6], r[8], r[10]});
      }
      print_table(std::cout,
                  {"application", "filed", "status", "owners", "simple_family", "title"}, rows);
    }
  }
}

void print_patent_text(const StoredPatent& sp) {
  const Patent& p = sp.patent;
  auto line = [](const char* label, const std::string& value) {
    if (!value.empty()) std::cout << label << ": " << value << '\n';
  };
  line("application", p.application_number);
  line("jurisdiction", p.jurisdiction);
  line("filed", p.filing_date.to_string());
  line("kind", to_string(p.kind));
  line("title", p.title);
  line("title_ja", p.title_ja);
  line("status", to_string(p.status));
  line("stage", to_string(p.stage));
  line("publication", p.publication_number +
                          (p.publication_date ? " (" + p.publication_date->to_string() + ")" : ""));
  line("grant", p.grant_number + (p.grant_date ? " (" + p.grant_date->to_string() + ")" : ""));
  if (p.claims) line("claims", std::to_string(*p.claims));
  for (const auto& c : p.ipc) line("class", c);
  for (const auto& o : p.owners) line("owner", o.institution + " " + o.share.to_string());
  for (const auto& i : p.inventors) {
    line("inventor", i.name + (i.institution.empty() ? "" : " (" + i.institution + ")"));
  }
  for (const auto& c : p.priority_claims) {
    line("priority", c.number + (c.date ? " " + c.date->to_string() : "") + " " +
                         to_string(c.kind) + (c.active ? "" : " inactive"));
  }
  line("simple_family", sp.simple_family);
  line("extended_family", sp.extended_family);
}

// `patent add`: one patent from flags, with the same rules as an import.
struct PatentAddArgs {
  std::string number, jurisdiction, filing_date, kind = "patent", title, title_ja,
      status = "pending", stage = "domestic_filing", publication_number, publication_date,
      grant_number, grant_date;
  std::int64_t claims = -1;
  std::vector<std::string> owners, inventors, priorities, ipc;
};

Patent patent_from_args(const PatentAddArgs& a) {
  // Assemble the record as a one-line JSONL import would, so `patent add`
  // and `patent import` cannot disagree on any rule.
  JsonWriter w;
  w.begin_object()
      .field("application_number", a.number)
      .field("jurisdiction", a.jurisdiction)
      .field("filing_date", a.filing_date)
      .field("kind", a.kind)
      .field("title", a.title)
      .field("title_ja", a.title_ja)
      .field("status", a.status)
      .field("stage", a.stage);
  if (!a.publication_number.empty()) w.field("publication_number", a.publication_number);
  if (!a.publication_date.empty()) w.field("publication_date", a.publication_date);
  if (!a.grant_number.empty()) w.field("grant_number", a.grant_number);
  if (!a.grant_date.empty()) w.field("grant_date", a.grant_date);
  if (a.claims >= 0) w.field("claims", a.claims);
  w.key("ipc").begin_array();
  for (const auto& c : a.ipc) w.value(c);
  w.end_array();
  w.key("owners").begin_array();
  for (const auto& o : a.owners) {
    auto owner = parse_owner_item(o);
    if (!owner) throw Failure(kUsage, "--owner " + o + ": " + owner.error().message);
    w.begin_object().field("institution", owner->institution).field("share", owner->share.to_string()).end_object();
  }
  w.end_array();
  w.key("inventors").begin_array();
  for (const auto& i : a.inventors) {
    auto inv = parse_inventor_item(i);
    w.begin_object().field("name", inv->name);
    if (!inv->institution.empty()) w.field("institution", inv->institution);
    w.end_object();
  }
  w.end_array();
  w.key("priority_claims").begin_array();
  for (const auto& p : a.priorities) {
    auto c = parse_priority_item(p);
    if (!c) throw Failure(kUsage, "--priority " + p + ": " + c.error().message);
    w.begin_object().field("number", c->number).field("date", c->date->to_string())
        .field("kind", to_string(c->kind)).field("active", c->active).end_object();
  }
  w.end_array().end_object();
  std::istringstream in(w.str());
  std::optional<Patent> out;
  std::vector<FieldError> errors;
  read_patents(in, FileFormat::kJsonl, [&](ParsedRecord<Patent>&& r) {
    out = std::move(r.record);
    errors = std::move(r.errors);
  });
  if (!out) {
    std::vector<RowProblem> problems;
    for (auto& e : errors) problems.push_back({0, a.number, e.field, e.reason});
    throw Failure(kDataErr, "patent " + a.number + " refused: " + describe_problems(problems));
  }
  return *out;
}

void add_patent_add(CLI::App& patent, Context& ctx) {
  auto a = std::make_shared<PatentAddArgs>();
  auto* cmd = patent.add_subcommand("add", "Register one patent (or replace it) from flags");
  cmd->add_option("--number", a->number, "Application number in any accepted spelling")->required();
  cmd->add_option("--jurisdiction", a->jurisdiction, "JP, US, EP, WO, CN, …")->required();
  cmd->add_option("--filing-date", a->filing_date, "YYYY-MM-DD")->required();
  cmd->add_option("--title", a->title, "Title (English)")->required();
  cmd->add_option("--title-ja", a->title_ja, "Title (Japanese)");
  cmd->add_option("--owner", a->owners, "CODE:SHARE, repeatable (shares sum to 1)")->required();
  cmd->add_option("--inventor", a->inventors, "NAME@CODE, repeatable");
  cmd->add_option("--priority", a->priorities, "NUMBER@DATE:KIND[:inactive], repeatable");
  cmd->add_option("--ipc", a->ipc, "IPC/CPC symbol, repeatable");
  cmd->add_option("--kind", a->kind, "patent, utility_model, pct, provisional, design");
  cmd->add_option("--status", a->status, "pending, granted, lapsed, abandoned, expired");
  cmd->add_option("--stage", a->stage, "research … utilization");
  cmd->add_option("--claims", a->claims, "Number of claims");
  cmd->add_option("--publication-number", a->publication_number);
  cmd->add_option("--publication-date", a->publication_date);
  cmd->add_option("--grant-number", a->grant_number);
  cmd->add_option("--grant-date", a->grant_date);
  cmd->callback([&ctx, a] {
    const Patent p = patent_from_args(*a);
    auto db = ctx.open();
    RegistryService service(*db);
    auto r = service.register_patent(p);
    if (!r) fail(with_message(r.error(), "patent " + p.application_number + " refused: " + r.error().message));
    std::cout << p.application_number << ' ' << r.value() << '\n';
  });
}

void add_patent_commands(CLI::App& app, Context& ctx) {
  auto* patent = app.add_subcommand("patent", "Patents (one record per application)");
  patent->require_subcommand(1);
  add_import(*patent, ctx, "patent", true);
  add_patent_add(*patent, ctx);

  auto number = std::make_shared<std::string>();
  auto* show = patent->add_subcommand("show", "Show one patent");
  show->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  show->add_option("--format", ctx.format_text, "table or json");
  show->callback([&ctx, number] {
    auto db = ctx.open();
    // The patent with its aggregation, if any: who is the owner of record today.
    const auto detail = AggregationService(*db, ctx.scheme_settings(), ctx.actor()).patent_detail(*number);
    if (!detail) throw Failure(kDataErr, "no patent with application number '" + *number + "'");
    const std::optional<Aggregation>& aggregation = detail->aggregation;
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_patent_detail_json(w, detail->stored, aggregation);
      std::cout << w.str() << '\n';
    } else {
      print_patent_text(detail->stored);
      if (aggregation) {
        std::cout << "aggregated: " << to_string(aggregation->mode) << " to "
                  << aggregation->aggregator << " on " << aggregation->date.to_string() << '\n';
      }
    }
  });

  auto filter = std::make_shared<PatentFilter>();
  auto paging = std::make_shared<PageFlags>();
  auto* list = patent->add_subcommand("list", "List patents in application-number order");
  list->add_option("--institution", filter->institution, "Only patents this institution owns");
  add_page_flags(list, *paging, "application number");
  list->add_option("--format", ctx.format_text, "table, json or csv");
  list->callback([&ctx, filter, paging] {
    auto db = ctx.open();
    RegistryService service(*db);
    print_patents(ctx, read_pages<StoredPatent>(*paging, [&](const PageRequest& page) {
                    return or_fail(service.list_patents(*filter, page));
                  }));
  });
}

void add_institution_commands(CLI::App& app, Context& ctx) {
  auto* inst = app.add_subcommand("institution", "Universities, TLOs, companies, the aggregator");
  inst->require_subcommand(1);
  add_import(*inst, ctx, "institution", false);
  auto code = std::make_shared<std::string>();
  auto* show = inst->add_subcommand("show", "Show one institution");
  show->add_option("CODE", *code, "Institution code")->required();
  show->add_option("--format", ctx.format_text, "table or json");
  show->callback([&ctx, code] {
    auto db = ctx.open();
    auto i = RegistryService(*db).find_institution(*code);
    if (!i) throw Failure(kDataErr, "no institution with code '" + *code + "'");
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_institution_json(w, *i);
      std::cout << w.str() << '\n';
      return;
    }
    std::cout << "code: " << i->code << "\nkind: " << to_string(i->kind) << "\nname_en: "
              << i->name_en << "\nname_ja: " << i->name_ja << "\ncountry: " << i->country << '\n';
  });

  auto paging = std::make_shared<PageFlags>();
  auto* list = inst->add_subcommand("list", "List institutions");
  add_page_flags(list, *paging, "institution code");
  list->add_option("--format", ctx.format_text, "table, json or csv");
  list->callback([&ctx, paging] {
    auto db = ctx.open();
    RegistryService service(*db);
    const auto all = read_pages<Institution>(
        *paging, [&](const PageRequest& page) { return service.list_institutions(page); });
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_institutions_json(w, all);
      std::cout << w.str() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& i : all) rows.push_back({i.code, to_string(i.kind), i.country, i.name_en, i.name_ja});
    const Row header = {"code", "kind", "country", "name_en", "name_ja"};
    if (ctx.format() == Format::kCsv) {
      print_csv(std::cout, header, rows);
    } else {
      print_table(std::cout, header, rows);
    }
  });
}

}  // namespace

void add_registry_commands(CLI::App& app, Context& ctx) {
  add_institution_commands(app, ctx);
  add_patent_commands(app, ctx);
}

}  // namespace chizai::cli
