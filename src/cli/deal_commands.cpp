// Placeholder: being written (H5b).
#include "cli/commands.h"

namespace chizai::cli {

void add_deal_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace chizai::cli
