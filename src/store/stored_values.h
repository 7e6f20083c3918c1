// Reading values back from the database. A stored value that does not parse
// means the database was changed behind our back: that aborts the operation
// (an exception), it is not a user error.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/fraction.h"

namespace chizai {

inline Date stored_date(const std::string& text) {
  auto d = Date::parse(text);
  if (!d) throw std::runtime_error("corrupt date in database: '" + text + "'");
  return d.value();
}

inline std::optional<Date> stored_optional_date(const std::string& text, soci::indicator ind) {
  if (ind != soci::i_ok || text.empty()) return std::nullopt;
  return stored_date(text);
}

inline Fraction stored_share(long long num, long long den) {
  auto f = Fraction::make(num, den);
  if (!f) throw std::runtime_error("corrupt share in database");
  return f.value();
}

template <class E>
E stored_enum(std::optional<E> (*parse)(std::string_view), const std::string& word) {
  auto v = parse(word);
  if (!v) throw std::runtime_error("corrupt value in database: '" + word + "'");
  return *v;
}

// A date column that may be NULL, as text to bind ("" = NULL).
inline std::string date_text(const std::optional<Date>& d) {
  return d ? d->to_string() : std::string();
}

}  // namespace chizai
