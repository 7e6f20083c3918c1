#include "cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ext/stdio_filebuf.h>
#include <filesystem>
#include <vector>

#include "cli/context.h"

namespace chizai::cli {
namespace {

// Removes the temporary file unless released.
struct TempGuard {
  std::string path;
  ~TempGuard() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

const char* kind_of(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

void write_output_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty()) throw Failure(kUsage, "the output file's name is empty");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    throw Failure(kCantCreate, "refusing to write " + path + ": it is " + kind_of(st.st_mode) +
                                   ", not a regular file (leave --output out, or give -, for standard output)");
  }
  std::filesystem::path target(path);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : std::string(".");
  std::string name = (std::filesystem::path(dir) / ("." + target.filename().string() + ".XXXXXX")).string();
  std::vector<char> templ(name.begin(), name.end());
  templ.push_back('\0');
  const int fd = ::mkstemp(templ.data());
  if (fd < 0) throw Failure(kCantCreate, "cannot write " + path + ": " + std::strerror(errno));
  TempGuard guard{templ.data()};
  // mkstemp's 0600 suits secrets, not reports: the mode a new file gets (umask applies).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  {
    __gnu_cxx::stdio_filebuf<char> buf(fd, std::ios::out | std::ios::binary);  // closes fd
    std::ostream out(&buf);
    write(out);
    out.flush();
    if (!out || ::fsync(fd) != 0) throw Failure(kIoErr, "cannot write " + path + ": " + std::strerror(errno));
  }
  if (::rename(guard.path.c_str(), path.c_str()) != 0) {
    throw Failure(kIoErr, "cannot write " + path + ": " + std::strerror(errno));
  }
  guard.path.clear();
}

}  // namespace chizai::cli
