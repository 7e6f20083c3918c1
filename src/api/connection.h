// The connection loop: one keep-alive HTTP connection per worker thread,
// Poco's TCPServer connection model with a loop of our own (see
// Connection in connection.cpp), and reading a request's body within the
// size limit.
#pragma once

#include <Poco/BasicEvent.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace chizai::api {

// What a connection asks of the server it serves.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Answers one request whose head Poco parsed (every refusal included).
  virtual void handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) = 0;
  // Logs a request refused with 400 while Poco parsed its head.
  virtual void log_unparsed(std::chrono::steady_clock::time_point started) = 0;
};

// Makes a TCPServer's connections: each serves its keep-alive requests
// through `handler` until the client closes, keep-alive ends or `stopped`
// fires (true: at once, even while idle; false: after the request in
// progress). `handler` and `stopped` must outlive every connection.
class ConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  ConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, RequestHandler& handler,
                    Poco::BasicEvent<const bool>& stopped)
      : params_(std::move(params)), handler_(handler), stopped_(stopped) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  RequestHandler& handler_;
  Poco::BasicEvent<const bool>& stopped_;
};

// A body declared but never read (its request refused before it, or a
// route that takes none) is still on the connection: read as the next
// request, it would run as one. Reads and drops it (within `max`; beyond,
// or unreadable, sets `close_connection`). Not closed at once: a socket
// closed with unread bytes is reset, and the client can lose its reply.
void drop_unread_body(Poco::Net::HTTPServerRequest& in, std::size_t max, bool& close_connection);

// Returns the request's body, refusing (ApiError 413 payload_too_large) one
// larger than `max` bytes without reading it all: a declared Content-Length
// is checked before reading anything; a chunked body is read only up to
// max + 1 bytes. A body shorter than its Content-Length is a 400. Sets
// `close_connection` when the rest of the request is left unread.
std::string read_request_body(Poco::Net::HTTPServerRequest& in, std::size_t max, bool& close_connection);

}  // namespace chizai::api
