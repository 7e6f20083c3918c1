// chizai project | contract | expense | staff | programme … (To be written.)
#include "cli/commands.h"

namespace chizai::cli {
void add_project_commands(CLI::App&, Context&) {}
}  // namespace chizai::cli
