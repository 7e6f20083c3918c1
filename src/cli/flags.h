// Turning flag text into values, the same way in every command: a bad value
// is a usage error (exit 64) naming the flag.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/context.h"
#include "core/date.h"
#include "core/result.h"

namespace chizai::cli {

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

}  // namespace chizai::cli
