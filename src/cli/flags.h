// Turning flag text into values, the same way in every command: a bad value
// is a usage error (exit 64) naming the flag.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <iostream>

#include "cli/context.h"
#include "core/date.h"
#include "core/page.h"
#include "core/result.h"

namespace CLI {
class App;
}

namespace chizai::cli {

// --format on `cmd`, declaring the formats the command renders, in the
// order the message and help list them ("table", "json", "csv", "html",
// or a command's own, such as "markdown" or "hledger"). Any other value is
// refused while the command line is parsed, before anything runs: exit 64,
// "--format: 'csv' is not supported by patent show: use table, json". The
// one way a command takes --format, so none can ignore a format it was
// asked for. `note` (may be empty) follows the list in the help.
void add_format_option(CLI::App* cmd, std::string& target, std::vector<std::string> allowed,
                       const std::string& note = "");
// The same for the shared output formats, into ctx.format_text.
void add_format_option(CLI::App* cmd, Context& ctx, std::initializer_list<Format> allowed,
                       const std::string& note = "");
// "table", "json", "csv", "html".
std::string format_name(Format f);

// "YYYY-MM-DD"; empty text means today (this machine's local date).
Date date_flag(const std::string& flag, const std::string& text);
// A JPY amount as decimal text ("18000000", "18,000,000").
std::int64_t yen_flag(const std::string& flag, const std::string& text);
// "A,B" and repeated flags alike, trimmed, empty pieces dropped.
std::vector<std::string> list_flag(const std::vector<std::string>& values);
// A word from a fixed vocabulary; `allowed` lists the words for the message.
template <class E>
E word_flag(const std::string& flag, const std::string& text,
            std::optional<E> (*parse)(std::string_view), const std::string& allowed) {
  auto v = parse(text);
  if (!v) throw Failure(kUsage, flag + " '" + text + "': use " + allowed);
  return *v;
}
// The value, or a data failure (exit 65) with the error's message.
template <class T>
T or_fail(Result<T> r) {
  if (!r) fail(r.error());
  return std::move(r).value();
}
inline void or_fail(const Status& s) {
  if (!s) fail(s.error());
}

// --after KEY and --limit N, the same on every list command (the API's
// ?cursor= and ?limit=). Without --limit a command shows the whole list,
// read a page at a time; with it, one page, and on stderr the --after value
// that goes on from there.
struct PageFlags {
  std::string after;
  std::size_t limit = 0;  // 0: the whole list
};
// Adds the two flags to `cmd`; `key` says what --after takes ("reference").
void add_page_flags(CLI::App* cmd, PageFlags& flags, const std::string& key);
// For a list keyed by a numeric id: a usage failure (exit 64) naming
// --after when it is given and is not a positive decimal id.
void check_id_after(const PageFlags& flags);
// The rows `flags` ask for, through `read(PageRequest) -> Page<T>`.
template <class T, class Read>
std::vector<T> read_pages(const PageFlags& flags, Read read) {
  if (flags.limit == 0) return all_pages<T>(read, PageRequest{flags.after, 1000});
  Page<T> page = read(PageRequest{flags.after, flags.limit});
  if (!page.next.empty()) std::cerr << "chizai: more after this page: --after " << page.next << '\n';
  return std::move(page.items);
}

}  // namespace chizai::cli
