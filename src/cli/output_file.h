// Files the user names on the command line (--output, --rejects): written
// whole or not at all, and never through a link.
//
// The text goes to a temporary file created exclusively (mkstemp: an
// unpredictable name, O_EXCL, mode 0600 widened to 0644) in the target's own
// directory, and is renamed over the target only once every byte was written
// and flushed to disk. rename() replaces a name, never follows it, so a link
// planted at the target or at a predictable temporary name cannot redirect
// the write. A target that exists and is not a regular file (a symbolic
// link, a device such as /dev/full, a directory, a FIFO) is refused, naming
// it, before anything is written: renaming over it would replace the link or
// the device node with a file. (To write to standard output, leave --output
// out or give "-".)
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace chizai::cli {

// Calls `write` with a stream on the temporary file, then renames it into
// place. Throws Failure: kCantCreate when the target is refused or the
// temporary file cannot be created, kIoErr when writing fails; whatever
// `write` throws is passed on. In every failure the temporary file is
// removed and the target is untouched.
void write_output_file(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace chizai::cli
