// Placeholder: being written (H6a).
#include "cli/commands.h"

namespace chizai::cli {

void add_admin_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace chizai::cli
