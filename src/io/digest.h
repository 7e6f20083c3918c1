// Digests (Poco's SHA-256) as lower-case hex.
#pragma once

#include <string>
#include <string_view>

namespace chizai {

std::string sha256_hex(std::string_view data);

}  // namespace chizai
