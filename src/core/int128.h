// A 128-bit integer for exact intermediate products of int64 values.
// (__extension__ keeps -Wpedantic quiet about the GNU type.)
#pragma once

namespace chizai {
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;
}  // namespace chizai
