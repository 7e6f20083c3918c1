// Placeholder: being written (H5a).
#include "cli/commands.h"

namespace chizai::cli {

void add_match_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace chizai::cli
