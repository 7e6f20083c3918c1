#include "api/reactor_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include "api/errors.h"
#include "api/static_files.h"

namespace chizai::api {

std::string canned_reply(int status, const char* reason, const std::string& code, const std::string& message) {
  const std::string body = error_body(code, message);
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                     "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n";
  if (status == 503) head += "Retry-After: 1\r\n";
  for (const auto& [name, value] : security_headers()) head += name + ": " + value + "\r\n";
  return head + "\r\n" + body;
}

void send_and_close(int fd, const std::string& reply) {
  (void)::send(fd, reply.data(), reply.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

std::string peer_address(const sockaddr_storage& a) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(a).sin_addr, text, sizeof text);
  } else if (a.ss_family == AF_INET6) {
    const auto& a6 = reinterpret_cast<const sockaddr_in6&>(a);
    if (IN6_IS_ADDR_V4MAPPED(&a6.sin6_addr)) {
      ::inet_ntop(AF_INET, &a6.sin6_addr.s6_addr[12], text, sizeof text);
    } else {
      ::inet_ntop(AF_INET6, &a6.sin6_addr, text, sizeof text);
    }
  }
  return text;
}

void raise_file_limit(std::size_t wanted) {
  rlimit files{};
  const auto want = static_cast<rlim_t>(wanted);
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < want) {
    files.rlim_cur = std::min(want, files.rlim_max);
    (void)::setrlimit(RLIMIT_NOFILE, &files);
  }
}

}  // namespace chizai::api
