// (To be written.)
#include "cli/commands.h"

namespace chizai::cli {
void add_payment_commands(CLI::App&, Context&) {}
}  // namespace chizai::cli
