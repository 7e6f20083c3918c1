// chizai aggregate | evaluate | consent … (To be written.)
#include "cli/commands.h"

namespace chizai::cli {
void add_aggregation_commands(CLI::App&, Context&) {}
}  // namespace chizai::cli
