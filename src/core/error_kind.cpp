// The one table from an error's kind to what the doors report: the HTTP
// status (api/) and the exit code (cli/, sysexits.h). Data errors of every
// user-facing kind exit 65 (EX_DATAERR), as the CLI always has.
#include "core/result.h"

namespace chizai {
namespace {

constexpr ErrorKindInfo kTable[] = {
    {ErrorKind::kInvalid, "invalid", 400, 65},
    {ErrorKind::kNotFound, "not_found", 404, 65},
    {ErrorKind::kConflict, "conflict", 409, 65},
    {ErrorKind::kRefused, "refused", 422, 65},
    {ErrorKind::kForbidden, "forbidden", 403, 77},    // EX_NOPERM
    {ErrorKind::kUnavailable, "unavailable", 503, 69},  // EX_UNAVAILABLE
    {ErrorKind::kIo, "io", 500, 74},                  // EX_IOERR
    {ErrorKind::kInternal, "internal", 500, 70},      // EX_SOFTWARE
};

}  // namespace

const ErrorKindInfo& error_kind_info(ErrorKind kind) {
  for (const ErrorKindInfo& row : kTable) {
    if (row.kind == kind) return row;
  }
  return kTable[sizeof kTable / sizeof kTable[0] - 1];  // unreachable: every kind has a row
}

}  // namespace chizai
