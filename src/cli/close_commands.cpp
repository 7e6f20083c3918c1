// (To be written.)
#include "cli/commands.h"

namespace chizai::cli {
void add_close_commands(CLI::App&, Context&) {}
}  // namespace chizai::cli
