// Small socket helpers of the connection reactor (reactor.cpp).
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <string>

namespace chizai::api {

// A whole reply written by the reactor itself (a refused connection, a head
// that never finished): the API's error body, and the connection closes.
std::string canned_reply(int status, const char* reason, const std::string& code, const std::string& message);

// Sends `reply` without blocking (best effort: the reactor thread waits for
// no client), then closes `fd`.
void send_and_close(int fd, const std::string& reply);

// The client's address as text ("127.0.0.1", "::1"; IPv4-mapped IPv6 as IPv4).
std::string peer_address(const sockaddr_storage& a);

// One descriptor per connection: raises the soft open-file limit to
// `wanted` as far as the hard limit allows (systemd's soft default is 1024).
void raise_file_limit(std::size_t wanted);

}  // namespace chizai::api
