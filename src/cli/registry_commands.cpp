// chizai institution … | patent …

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <algorithm>

#include <simdjson.h>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/import_file.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "io/json_writer.h"
#include "io/registry_formats.h"
#include "io/registry_json.h"
#include "registry/numbers.h"
#include "requests/registry.h"
#include "requests/event.h"
#include "services/aggregation_service.h"
#include "services/event_service.h"
#include "services/office_import_service.h"
#include "services/ownership_service.h"
#include "services/registry_service.h"
#include "render/registry.h"

namespace chizai::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string encoding;  // --encoding: "" (detect), utf-8, cp932
  bool skip_invalid = false;
  std::string rejects;
  bool replace = false;  // patents: a record may remove data from a stored one
  bool accept_warnings = false;  // patents: the consistency checks' warnings are accepted
  std::string unresolved = "refuse";  // office XML: refuse, create or skip
  std::string owner;                  // office XML: the owner of applications naming no applicant
};

bool is_xml_path(const std::string& path) {
  return path.size() > 4 && (path.compare(path.size() - 4, 4, ".xml") == 0 || path.compare(path.size() - 4, 4, ".XML") == 0);
}

// `patent import FILE.xml`: an office document (README "Office XML").
void import_office_xml(Context& ctx, const ImportArgs& args) {
  const auto policy = parse_unresolved_policy(args.unresolved);
  if (!policy) throw Failure(kUsage, "--unresolved: '" + args.unresolved + "' is not refuse, create or skip");
  std::ifstream in(args.file, std::ios::binary | std::ios::ate);
  if (!in) throw Failure(kNoInput, "cannot open " + args.file);
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size()))) throw Failure(kIoErr, "cannot read " + args.file);
  auto db = ctx.open();
  OfficeImportOptions opt;
  opt.unresolved = *policy;
  opt.owner = args.owner;
  opt.scope = {ctx.actor(), "", args.replace, args.accept_warnings};
  const OfficeImportReport r = OfficeImportService(*db, ctx.scheme_settings()).import(std::move(text), opt);
  if (r.read_problem) {
    const auto& p = *r.read_problem;
    throw Failure(kDataErr, args.file + ":" + std::to_string(p.line) + ": " +
                                (p.element.empty() ? std::string() : "<" + p.element + ">: ") + p.message +
                                "; nothing was written");
  }
  for (const auto& p : r.registry.problems) {
    std::cerr << args.file << ":" << p.line << ": " << (p.key.empty() ? "" : p.key + ": ")
              << (p.field.empty() ? "record" : p.field) << ": " << p.reason
              << (p.code.empty() ? "" : " [" + p.code + "]") << '\n';
  }
  for (const auto& c : r.created) std::cout << "institution created: " << c << '\n';
  if (r.written) {
    for (const auto& u : r.unresolved) std::cout << "applicant skipped: " << u.name << '\n';
  }
  for (const auto& n : r.notes) std::cout << "note: " << n << '\n';
  for (const auto& a : r.assignments) {
    std::cout << "assignment " << a.reel_frame << " (line " << a.line << ") " << a.application << ": "
              << (a.applied ? "applied, " : "reported, not applied: ") << a.detail << '\n';
  }
  std::printf("patent import %s (%s): documents %lld, applications %lld, inserted %lld, updated %lld, unchanged %lld, "
              "rejected %lld, publications added %lld, %.2f s%s\n",
              args.file.c_str(), r.kind.c_str(), static_cast<long long>(r.documents),
              static_cast<long long>(r.applications), static_cast<long long>(r.registry.inserted),
              static_cast<long long>(r.registry.updated), static_cast<long long>(r.registry.unchanged),
              static_cast<long long>(r.registry.rejected), static_cast<long long>(r.publications_added), r.seconds,
              r.written ? "" : " (nothing written)");
  if (!r.written) {
    throw Failure(kDataErr, std::to_string(r.registry.problems.size()) + " problem(s) in " + args.file +
                                "; nothing was written");
  }
}

constexpr const char* kAcceptWarningsHelp =
    "Accept the consistency checks' warnings (a Paris priority claimed 12 to 14 months before filing, valid "
    "when the right of priority was restored): refused otherwise, naming each (README \"Consistency checks\")";

void report_import(const char* what, const ImportArgs& args, const ImportFile& file, const ImportReport& r,
                   bool tty_progress) {
  if (tty_progress) std::cerr << '\n';
  for (const auto& p : r.problems) {
    std::cerr << args.file << ":" << p.line << ": " << (p.field.empty() ? "record" : p.field)
              << ": " << p.reason << (p.code.empty() ? "" : " [" + p.code + "]") << '\n';
  }
  if (!r.problems.empty() && args.skip_invalid && !args.rejects.empty()) {
    write_rejects(args.rejects, r.problems);
  }
  std::printf("%s import %s: read %lld, inserted %lld, updated %lld, unchanged %lld, rejected %lld, "
              "%.2f s%s%s\n",
              what, args.file.c_str(), static_cast<long long>(r.read),
              static_cast<long long>(r.inserted), static_cast<long long>(r.updated),
              static_cast<long long>(r.unchanged), static_cast<long long>(r.rejected), r.seconds,
              file.summary.c_str(), r.written ? "" : " (nothing written)");
  if (!r.written) {
    throw Failure(kDataErr, std::to_string(r.rejected) + " invalid record(s) in " + args.file +
                                "; nothing was written (fix them, or use --skip-invalid)");
  }
}

// Whether a line of the JSONL text `in` names "events" (a patent record
// bringing its events); reads it through and rewinds it, so a file without
// events is imported as it streams, never held in memory.
bool mentions_events(std::istream& in) {
  std::string line;
  bool found = false;
  while (!found && std::getline(in, line)) found = line.find("\"events\"") != std::string::npos;
  in.clear();
  in.seekg(0);
  if (!in) throw Failure(kIoErr, "cannot read the file again after looking for events in it");
  return found;
}

void add_import(CLI::App& parent, Context& ctx, const char* what, bool patents) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = parent.add_subcommand("import", std::string("Import ") + what + " from .csv or .jsonl" +
                                                 (patents ? ", or a patent office's .xml (EPO OPS, DOCDB, USPTO)" : ""));
  cmd->add_option("FILE", args->file, patents ? "The file (.csv, .jsonl or .xml)" : "The file (.csv or .jsonl)")->required();
  cmd->add_flag("--skip-invalid", args->skip_invalid,
                "Import the valid records and report the rest instead of refusing the file");
  cmd->add_option("--rejects", args->rejects,
                  "With --skip-invalid: write the rejected records' problems to this CSV file");
  add_encoding_flag(cmd, args->encoding);
  if (patents) {
    cmd->add_flag("--replace", args->replace,
                  "A record may replace a stored patent and remove its owners, inventors, IPC classes, title "
                  "or claims (refused otherwise, naming what would go)");
    cmd->add_flag("--accept-warnings", args->accept_warnings, kAcceptWarningsHelp);
    cmd->add_option("--unresolved", args->unresolved,
                    "Office XML: applicants that are no registered institution refuse the import (refuse, the "
                    "default), are created as institutions (create) or are left out (skip)");
    cmd->add_option("--owner", args->owner,
                    "Office XML: the owner (institution code) of a new application whose document names no "
                    "applicant (an OPS family without biblio)");
  }
  cmd->callback([&ctx, args, what, patents] {
    if (patents && is_xml_path(args->file)) {
      import_office_xml(ctx, *args);
      return;
    }
    ImportFile file = open_import_file(args->file, args->encoding);
    auto db = ctx.open();
    RegistryService service(*db);
    ImportOptions opt;
    opt.skip_invalid = args->skip_invalid;
    opt.scope = {ctx.actor(), "", args->replace, args->accept_warnings};
    opt.progress = progress_for(file);
    const bool tty = static_cast<bool>(opt.progress);
    if (patents && file.format == FileFormat::kJsonl && mentions_events(*file.in)) {
      // Records may bring their events ("events": [...], README "Events"):
      // the patents and then their events, in one transaction.
      requests::PatentEventsSplit split = requests::split_patent_events(*file.in);
      if (split.any) {
        std::int64_t events = 0;
        const ImportReport r = EventService(*db, ctx.actor()).import_with_patents(split.patents, split.events.rows, split.events.problems, opt,
                                                        events);
        report_import(what, *args, file, r, tty);
        std::printf("events: read %lld, inserted %lld\n", static_cast<long long>(split.events.read),
                    static_cast<long long>(events));
        return;
      }
      file.in = std::make_unique<std::istringstream>(std::move(split.patents));
    }
    const ImportReport r = patents ? service.import_patents(*file.in, file.format, opt)
                                   : service.import_institutions(*file.in, file.format, opt);
    report_import(what, *args, file, r, tty);
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

// `patent add`: one patent from flags, read as POST /api/v1/patents reads its
// body (requests/registry.h): one flag per scalar field of the record, and
// the lists of objects in the CSV cell syntax, one item per flag.
struct PatentAddArgs {
  std::string number;
  std::vector<std::string> owners, inventors, priorities;
  bool replace = false;
  bool accept_warnings = false;
};

// The JSON array of `items` parsed by `parse` and written by `write`;
// an item `parse` refuses is a usage failure naming `flag`.
template <class Parse, class Write>
std::string items_json(const std::vector<std::string>& items, const char* flag, Parse parse, Write write) {
  JsonWriter w;
  w.begin_array();
  for (const auto& item : items) {
    auto v = parse(item);
    if (!v) throw Failure(kUsage, std::string(flag) + " " + item + ": " + v.error().message);
    w.begin_object();
    write(w, *v);
    w.end_object();
  }
  w.end_array();
  return w.take();
}

// Puts the list flags given into `given` (all three when `all`, even empty).
void set_list_flags(RequestFlags& given, const PatentAddArgs& a, bool all = false) {
  if (all || !a.owners.empty()) given.set_json("owners", items_json(a.owners, "--owner", parse_owner_item, [](JsonWriter& w, const Owner& o) {
    w.field("institution", o.institution).field("share", o.share.to_string());
  }));
  if (all || !a.inventors.empty()) given.set_json("inventors", items_json(a.inventors, "--inventor", parse_inventor_item,
                                         [](JsonWriter& w, const Inventor& i) {
                                           w.field("name", i.name);
                                           if (!i.institution.empty()) w.field("institution", i.institution);
                                         }));
  if (all || !a.priorities.empty()) given.set_json("priority_claims", items_json(a.priorities, "--priority", parse_priority_item,
                                               [](JsonWriter& w, const PriorityClaim& c) {
                                                 w.field("number", c.number).field("date", c.date->to_string());
                                                 w.field("kind", to_string(c.kind)).field("active", c.active);
                                               }));
}

Patent patent_from_flags(RequestFlags& given, const PatentAddArgs& a) {
  given.set("application_number", a.number);
  set_list_flags(given, a, true);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(given.json()).get(root) != simdjson::SUCCESS) throw Failure(kSoftware, "flags did not make JSON");
  ParsedRecord<Patent> r = requests::read_patent(simdjson::dom::object(root));
  if (!r.record) {
    std::vector<RowProblem> problems;
    for (auto& e : r.errors) problems.push_back({0, a.number, e.field, e.reason, e.code});
    throw Failure(kDataErr, "patent " + a.number + " refused: " + describe_problems(problems));
  }
  return std::move(*r.record);
}

// "NUMBER inserted|updated|unchanged", or the refusal.
void print_registered(const std::string& number, const Result<std::string>& r) {
  if (!r) fail(with_message(r.error(), "patent " + number + " refused: " + r.error().message));
  std::cout << number << ' ' << r.value() << '\n';
}

// --owner, --inventor and --priority: the record's lists in the CSV cell syntax.
void add_list_flags(CLI::App* cmd, PatentAddArgs& a) {
  cmd->add_option("--owner", a.owners, "An owner, CODE:SHARE, repeatable (shares sum to 1)");
  cmd->add_option("--inventor", a.inventors, "An inventor, NAME@CODE, repeatable");
  cmd->add_option("--priority", a.priorities, "A priority claim, NUMBER@DATE:KIND[:inactive], repeatable");
}

void add_patent_add(CLI::App& patent, Context& ctx) {
  auto a = std::make_shared<PatentAddArgs>();
  auto* cmd = patent.add_subcommand("add", "Register one patent (or replace it, with --replace) from flags");
  cmd->add_option("--application-number,--number", a->number,
                  std::string(requests::patent_spec().find("application_number")->description))
      ->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::patent_spec(), std::set<std::string>{"application_number"});
  add_list_flags(cmd, *a);
  cmd->get_option("--owner")->required();
  cmd->add_flag("--replace", a->replace,
                "Replace a registered patent even where owners, inventors, IPC classes, title or claims would go");
  cmd->add_flag("--accept-warnings", a->accept_warnings, kAcceptWarningsHelp);
  cmd->callback([&ctx, a, flags] {
    const Patent p = patent_from_flags(*flags, *a);
    auto db = ctx.open();
    print_registered(p.application_number,
                     RegistryService(*db).register_patent(p, {ctx.actor(), "", a->replace, a->accept_warnings}));
  });
}

// `patent update NUMBER`: only the fields given change (PATCH /api/v1/patents/{number}).
void add_patent_update(CLI::App& patent, Context& ctx) {
  auto a = std::make_shared<PatentAddArgs>();
  auto* cmd = patent.add_subcommand("update", "Change only the fields given of a registered patent");
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling")->required();
  auto flags =
      std::make_shared<RequestFlags>(cmd, requests::patent_update_spec(), std::set<std::string>{"application_number"});
  add_list_flags(cmd, *a);
  cmd->add_flag("--accept-warnings", a->accept_warnings, kAcceptWarningsHelp);
  cmd->callback([&ctx, a, flags] {
    set_list_flags(*flags, *a);
    auto db = ctx.open();
    RegistryService service(*db);
    // A number that does not parse, or names no registered patent, is
    // refused as such (before any change is read).
    const std::string number = or_fail(service.lookup_patent(a->number, "application_number")).patent.application_number;
    print_registered(number, service.update_patent(number, flags->json(), {ctx.actor(), "", true, a->accept_warnings}));
  });
}

// `patent transfer NUMBER --date D --owner CODE:SHARE … [--consent CODE …] [--reason TEXT]`:
// POST /api/v1/patents/{number}/transfers from flags.
void add_patent_transfer(CLI::App& patent, Context& ctx) {
  struct Args {
    std::string number;
    std::vector<std::string> owners, consents;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = patent.add_subcommand(
      "transfer", "Record a dated ownership transfer (administrators): the new owners from --date, with the consent "
                  "of every owner whose share goes down or who is removed");
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::transfer_spec(), std::set<std::string>{"consents"});
  cmd->add_option("--owner", a->owners, "A new owner, CODE:SHARE, repeatable (shares sum to 1)")->required();
  cmd->add_option("--consent", a->consents,
                  "An owner consenting (every owner whose share goes down or who is removed), repeatable");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, a, flags] {
    flags->set_json("owners", items_json(a->owners, "--owner", parse_owner_item, [](JsonWriter& w, const Owner& o) {
      w.field("institution", o.institution).field("share", o.share.to_string());
    }));
    JsonWriter consents;
    consents.begin_array();
    for (const auto& c : a->consents) consents.value(c);
    consents.end_array();
    flags->set_json("consents", consents.take());
    const TransferRequest r = flags->read(requests::read_transfer);
    auto db = ctx.open();
    const TransferOutcome t = or_fail(OwnershipService(*db, ctx.scheme_settings(), ctx.actor()).transfer(a->number, r));
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_transfer_json(w, t);
      std::cout << w.str() << '\n';
      return;
    }
    std::cout << t.application << " transferred on " << t.period.valid_from.to_string() << ": "
              << describe_owners(t.before) << " -> " << describe_owners(t.period.owners) << '\n';
    if (!t.period.consents.empty()) {
      std::string list;
      for (const auto& c : t.period.consents) list += (list.empty() ? "" : ", ") + c;
      std::cout << "consents: " << list << '\n';
    }
  });
}

// `patent owners NUMBER`: the owner history (GET /api/v1/patents/{number}/owners/history).
void add_patent_owners(CLI::App& patent, Context& ctx) {
  auto number = std::make_shared<std::string>();
  auto* cmd = patent.add_subcommand("owners", "The owner history of one patent: every ownership period, and the "
                                              "owners of record and beneficiaries today");
  cmd->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, number] {
    auto db = ctx.open();
    const OwnerHistory h = or_fail(OwnershipService(*db, ctx.scheme_settings(), ctx.actor()).history(*number));
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_owner_history_json(w, h);
      std::cout << w.str() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (std::size_t i = 0; i < h.periods.size(); ++i) {
      const OwnerPeriod& p = h.periods[i];
      std::string consents;
      for (const auto& c : p.consents) consents += (consents.empty() ? "" : ", ") + c;
      rows.push_back({p.valid_from.to_string(),
                      i + 1 < h.periods.size() ? h.periods[i + 1].valid_from.add_days(-1).to_string() : "",
                      p.kind, describe_owners(p.owners), consents, p.actor, p.reason});
    }
    std::cout << h.application << " (filed " << h.filing_date.to_string() << ")\n";
    print_table(std::cout, {"from", "to", "kind", "owners", "consents", "recorded_by", "reason"}, rows);
    std::cout << "owner_of_record: " << describe_owners(h.owners_of_record) << " (on " << h.as_of.to_string()
              << ")\nbeneficiaries: " << describe_owners(h.beneficiaries) << '\n';
  });
}

void add_patent_commands(CLI::App& app, Context& ctx) {
  auto* patent = app.add_subcommand("patent", "Patents (one record per application)");
  patent->require_subcommand(1);
  add_import(*patent, ctx, "patent", true);
  add_patent_add(*patent, ctx);
  add_patent_update(*patent, ctx);
  add_patent_transfer(*patent, ctx);
  add_patent_owners(*patent, ctx);
  add_patent_event_commands(*patent, ctx);

  auto number = std::make_shared<std::string>();
  auto* show = patent->add_subcommand("show", "Show one patent");
  show->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, number] {
    auto db = ctx.open();
    // The patent with its aggregation, if any: who is the owner of record today.
    const auto detail = or_fail(AggregationService(*db, ctx.scheme_settings(), ctx.actor()).patent_detail(*number));
    const std::optional<Aggregation>& aggregation = detail.aggregation;
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_patent_detail_json(w, detail);
      std::cout << w.str() << '\n';
    } else {
      print_patent_text(detail.stored);
      if (aggregation) {
        std::cout << "aggregated: " << to_string(aggregation->mode) << " to "
                  << aggregation->aggregator << " on " << aggregation->date.to_string() << '\n';
      }
      std::cout << "owner_of_record: " << describe_owners(detail.owners_of_record) << " (on "
                << detail.as_of.to_string() << ")\n";
      std::cout << "beneficiaries: " << describe_owners(detail.beneficiaries) << '\n';
    }
  });

  auto query = std::make_shared<PatentQuery>();
  auto paging = std::make_shared<PageFlags>();
  auto* list = patent->add_subcommand(
      "list", "List patents in application-number order; the filters given must all hold");
  list->add_option("--institution", query->institution,
                   "Only patents this institution holds as owner of record or receives the income of (see --role)");
  list->add_option("--role", query->role,
                   "With --institution: owner (of record today: the aggregator after an assignment), beneficiary "
                   "(receives the income: the originating owners after an assignment), or either (the default)");
  list->add_option("--status", query->status, "Only patents of this status (" + allowed_words_patent_status() + ")");
  list->add_option("--jurisdiction", query->jurisdiction, "Only patents of this jurisdiction (JP, US, EP, WO, …)");
  list->add_option("--ipc", query->ipc,
                   "Only patents with an IPC/CPC class starting so: H01L, H01L31 (group 31), H01L31/02");
  list->add_option("--filed-from", query->filed_from, "Only patents filed on or after this day (YYYY-MM-DD)");
  list->add_option("--filed-to", query->filed_to, "Only patents filed on or before this day (YYYY-MM-DD)");
  list->add_option("--text", query->text,
                   "Only patents whose English or Japanese title has every one of these words (製造, solar cell)");
  add_page_flags(list, *paging, "application number");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, query, paging] {
    // A bad filter value is a usage error naming its flag.
    auto filter = read_patent_filter(*query);
    if (!filter) throw Failure(kUsage, filter.error().message + " (" + flag_of(filter.error().field) + ")");
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
  add_institution_alias_commands(*inst, ctx);
  auto code = std::make_shared<std::string>();
  auto* show = inst->add_subcommand("show", "Show one institution");
  show->add_option("CODE", *code, "Institution code")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
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
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
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
