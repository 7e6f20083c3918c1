// Result<T>: the value of an operation that can fail for an expected reason
// (bad input, a domain refusal). Exceptions are kept for what aborts an
// operation (I/O, database); programmer errors are asserts.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace chizai {

// What kind of failure an Error is. The kind, not the spelling of the code,
// decides how a door reports it: the HTTP status and the CLI's exit code
// come from error_kind_info() (error_kind.cpp), one table for both.
enum class ErrorKind {
  kInvalid,      // the input is malformed or incomplete (a field at fault)
  kNotFound,     // a named object does not exist (or may not be seen)
  kConflict,     // the object exists already, or another change got there first
  kRefused,      // well-formed, but a rule of the domain refuses it
  kForbidden,    // the caller may not do this
  kUnavailable,  // the database or another resource cannot be used now
  kIo,           // a file could not be read or written
  kInternal,     // a broken invariant: a defect, never the caller's fault
};

// An expected failure. `kind` classifies it; `code` is a stable
// machine-readable word ("bad_date", "unknown_institution", …) that names it
// for programs and decides nothing; `message` is a sentence for people,
// `field` the input field at fault (may be empty).
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;
  std::string message;
  std::string field;
};

inline Error make_error(ErrorKind kind, std::string code, std::string message,
                        std::string field = {}) {
  return Error{kind, std::move(code), std::move(message), std::move(field)};
}

// `e` with a new message (and field, when given): for a caller that adds
// context to a failure it passes on. Kind and code stay.
inline Error with_message(const Error& e, std::string message, std::string field = {}) {
  return Error{e.kind, e.code, std::move(message), field.empty() ? e.field : std::move(field)};
}

// How each door reports a kind: one row per kind.
struct ErrorKindInfo {
  ErrorKind kind;
  const char* name;  // "invalid", "not_found", …
  int http_status;   // 400, 404, …
  int exit_code;     // sysexits.h: 65 EX_DATAERR, 69 EX_UNAVAILABLE, …
};
const ErrorKindInfo& error_kind_info(ErrorKind kind);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T& value() & { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace chizai
