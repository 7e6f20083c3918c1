// chizai patent event add | list | withdraw | import: an application's dated
// events (services/event_service.h), the same spec and service as
// /api/v1/patents/{number}/events.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/import_file.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "io/json_writer.h"
#include "render/event.h"
#include "requests/event.h"
#include "services/event_service.h"

namespace chizai::cli {
namespace {

std::string optional_text(const std::optional<long long>& v) { return v ? std::to_string(*v) : std::string(); }

void print_recorded(Context& ctx, const RecordedEvent& r, const char* what) {
  if (ctx.format() == Format::kJson) {
    JsonWriter w(2);
    write_recorded_event_json(w, r);
    std::cout << w.str() << '\n';
    return;
  }
  const StoredEvent& e = r.event;
  std::cout << r.application << ": " << what << " event " << e.id << " (" << e.kind << " on " << e.date.to_string();
  if (!e.reference.empty()) std::cout << ", " << e.reference;
  if (!e.value.empty()) std::cout << ", " << e.value;
  std::cout << ")\n";
  if (e.withdrawn) std::cout << "reason: " << e.withdrawn->reason << '\n';
}

// `patent event add NUMBER --kind K --date D [--reference R] [--value V] [--days N] [--months N] [--claims N]`
void add_event_add(CLI::App& event, Context& ctx) {
  auto number = std::make_shared<std::string>();
  auto* cmd = event.add_subcommand("add", "Record a dated event of an application (a grant updates the patent's "
                                          "grant number, date, claims and status)");
  cmd->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::patent_event_spec());
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, number, flags] {
    const EventRequest r = flags->read(requests::read_patent_event);
    auto db = ctx.open();
    print_recorded(ctx, or_fail(EventService(*db, ctx.actor()).add(*number, r)), "recorded");
  });
}

// `patent event withdraw NUMBER EVENT_ID --reason T`
void add_event_withdraw(CLI::App& event, Context& ctx) {
  struct Args {
    std::string number;
    long long id = 0;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = event.add_subcommand("withdraw", "Withdraw a recorded event (a withdrawal record is appended; the "
                                               "event no longer counts)");
  cmd->add_option("NUMBER", a->number, "Application number in any accepted spelling")->required();
  cmd->add_option("EVENT_ID", a->id, "The event's id (chizai patent event list)")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::patent_event_withdraw_spec());
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, a, flags] {
    const auto r = flags->read(requests::read_patent_event_withdraw);
    auto db = ctx.open();
    print_recorded(ctx, or_fail(EventService(*db, ctx.actor()).withdraw(a->number, a->id, r.reason)), "withdrew");
  });
}

// `patent event list NUMBER`
void add_event_list(CLI::App& event, Context& ctx) {
  auto number = std::make_shared<std::string>();
  auto* cmd = event.add_subcommand("list", "An application's events by date, withdrawn ones marked, with the "
                                           "filing and earliest priority as derived rows");
  cmd->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, number] {
    auto db = ctx.open();
    const EventListing l = or_fail(EventService(*db, ctx.actor()).list(*number));
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_event_listing_json(w, l);
      std::cout << w.str() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const EventListRow& row : l.rows) {
      const StoredEvent& e = row.event;
      std::string withdrawn;
      if (e.withdrawn) withdrawn = e.withdrawn->date.to_string() + ": " + e.withdrawn->reason;
      rows.push_back({row.derived ? "" : std::to_string(e.id), e.date.to_string(), e.kind, e.reference, e.value,
                      optional_text(e.days), optional_text(e.months), optional_text(e.claims),
                      row.derived ? "derived" : e.actor, withdrawn});
    }
    const Row header = {"id", "date", "kind", "reference", "value", "days", "months", "claims", "recorded_by",
                        "withdrawn"};
    if (ctx.format() == Format::kCsv) {
      print_csv(std::cout, header, rows);
      return;
    }
    std::cout << l.application << " (" << l.jurisdiction << ")\n";
    print_table(std::cout, header, rows);
  });
}

// `patent event import FILE [--skip-invalid] [--rejects FILE] [--encoding E]`
void add_event_import(CLI::App& event, Context& ctx) {
  struct Args {
    std::string file, rejects, encoding;
    bool skip_invalid = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = event.add_subcommand("import", "Import events from .csv or .jsonl (columns number, kind, date, "
                                             "reference, value, days, months, claims); all or nothing");
  cmd->add_option("FILE", a->file, "The file (.csv or .jsonl)")->required();
  cmd->add_flag("--skip-invalid", a->skip_invalid,
                "Import the valid rows and report the rest instead of refusing the file");
  cmd->add_option("--rejects", a->rejects, "With --skip-invalid: write the problems to this CSV file");
  add_encoding_flag(cmd, a->encoding);
  cmd->callback([&ctx, a] {
    ImportFile file = open_import_file(a->file, a->encoding);
    requests::PatentEventFile read = requests::read_patent_event_file(*file.in, file.format);
    auto db = ctx.open();
    ImportReport r;
    if (read.problems.empty() || a->skip_invalid) {
      r = EventService(*db, ctx.actor()).import(read.rows, a->skip_invalid);
    }
    const std::vector<RowProblem> problems = report_import_problems(a->file, read.problems, read.read, r);
    if (!problems.empty() && a->skip_invalid && !a->rejects.empty()) {
      write_rejects(a->rejects, problems);
    }
    std::printf("event import %s: read %lld, inserted %lld, rejected %lld, %.2f s%s%s\n", a->file.c_str(),
                static_cast<long long>(r.read), static_cast<long long>(r.inserted),
                static_cast<long long>(r.rejected), r.seconds, file.summary.c_str(),
                r.written ? "" : " (nothing written)");
    if (!r.written) {
      throw Failure(kDataErr, std::to_string(r.rejected) + " invalid row(s) in " + a->file +
                                  "; nothing was written (fix them, or use --skip-invalid)");
    }
  });
}

}  // namespace

void add_patent_event_commands(CLI::App& patent, Context& ctx) {
  auto* event = patent.add_subcommand("event", "An application's dated events: grants, national phase entries, "
                                               "examination requests, office actions, lapses, …");
  event->require_subcommand(1);
  add_event_add(*event, ctx);
  add_event_list(*event, ctx);
  add_event_withdraw(*event, ctx);
  add_event_import(*event, ctx);
}

}  // namespace chizai::cli
