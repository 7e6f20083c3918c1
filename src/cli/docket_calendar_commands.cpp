// chizai docket calendar OFFICE YEAR: an office's closed days in a year (the
// office calendars of src/docket/calendar.h, read from
// config/docketing/calendars/).
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "docket/calendar.h"
#include "io/json_writer.h"

namespace chizai::cli {
namespace {

const char* const kWeekdays[] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// The calendars beside the rule book: docket.rules_dir/calendars (the
// docket reads the same directory).
std::string calendars_dir(const Context& ctx) {
  return docket_settings(ctx)("docket.rules_dir", "config/docketing") + "/calendars";
}

struct CalendarArgs {
  std::string office;
  int year = 0;
};

void run_calendar(Context& ctx, const CalendarArgs& args) {
  const docket::Calendars calendars = or_fail(docket::Calendars::load(calendars_dir(ctx)));
  const std::vector<docket::ClosedDay> days = or_fail(calendars.closed_days(args.office, args.year));
  const bool published = or_fail(calendars.year_published(args.office, args.year));
  if (ctx.format() == Format::kJson) {
    JsonWriter w(2);
    w.begin_object();
    w.field("office", args.office).field("year", args.year).field("published", published);
    w.key("closed_days").begin_array();
    for (const docket::ClosedDay& d : days) {
      w.begin_object()
          .field("date", d.date.to_string())
          .field("weekday", kWeekdays[d.date.iso_weekday()])
          .field("name", d.name)
          .field("kind", d.holiday ? "holiday" : "closure")
          .field("provisional", d.provisional)
          .end_object();
    }
    w.end_array().end_object();
    std::cout << w.str() << '\n';
    return;
  }
  std::vector<Row> rows;
  for (const docket::ClosedDay& d : days) {
    rows.push_back({d.date.to_string(), kWeekdays[d.date.iso_weekday()], d.name,
                    d.holiday ? "holiday" : "closure", d.provisional ? "provisional" : "final"});
  }
  std::cout << args.office << " " << args.year << ": " << days.size()
            << " named closed day(s); every Saturday and Sunday is closed too"
            << (published ? "" : "; not all published yet: computed days are marked provisional") << '\n';
  print_table(std::cout, {"date", "day", "name", "kind", "status"}, rows);
}

}  // namespace

void add_docket_calendar_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<CalendarArgs>();
  auto* cmd = docket_command(app)->add_subcommand(
      "calendar", "The days an office is closed in a year (besides weekends), with their names");
  cmd->add_option("office", args->office, "JP, US, EP, WO, DE, FR, GB or UP")->required();
  cmd->add_option("year", args->year, "A year from 2000 to 2040")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, args] { run_calendar(ctx, *args); });
}

}  // namespace chizai::cli
