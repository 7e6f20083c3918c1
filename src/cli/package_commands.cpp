// chizai package … | consortium … (To be written.)
#include "cli/commands.h"

namespace chizai::cli {
void add_package_commands(CLI::App&, Context&) {}
}  // namespace chizai::cli
