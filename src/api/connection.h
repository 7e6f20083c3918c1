// One client connection and how a worker thread serves it. Between
// requests a connection belongs to the reactor (reactor.h), which waits,
// without a thread, until a request's whole head has arrived; then a
// worker serves that request (and any the client pipelined behind it)
// with Poco's HTTP session, request and response classes, and hands the
// connection back. Also: reading a request's body within its size limit
// and its deadline.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/StreamSocket.h>

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
  // Logs a request refused with 400 while its head was read.
  virtual void log_unparsed(std::chrono::steady_clock::time_point started) = 0;
};

// Poco's server session, with what a worker needs to know before it hands
// the connection back: whether bytes of a next request are already in the
// session's buffer (read from the socket, so the reactor would never see them).
class ClientSession : public Poco::Net::HTTPServerSession {
 public:
  ClientSession(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params)
      : Poco::Net::HTTPServerSession(socket, std::move(params)) {}
  bool has_buffered_bytes() const { return buffered() > 0; }
};

class ClientConnection {
 public:
  ClientConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params);

  // What becomes of the connection after a worker served it.
  enum class After {
    kKeepAlive,  // back to the reactor, to wait for the next request
    kClose,
    kDrain,      // a refusal was sent: read and drop what the client still sends, then close
  };
  // Serves the request whose head has arrived, then those already buffered
  // behind it. `stopping`: serve this one, then close.
  After serve(RequestHandler& handler, bool stopping);
  // Answers a head refused before it was read (the reactor found it
  // malformed or too large) with 400 and the API's error body. Then: drain.
  void refuse(RequestHandler& handler, const std::string& reason);

  Poco::Net::StreamSocket& socket() { return socket_; }

 private:
  After serve_one(RequestHandler& handler);
  void refuse_parsed(const std::string& code, const std::string& message, const std::string& field,
                     std::chrono::steady_clock::time_point started, RequestHandler& handler);

  Poco::Net::StreamSocket socket_;
  Poco::Net::HTTPServerParams::Ptr params_;
  ClientSession session_;
  int served_ = 0;
};

// A body declared but never read (its request refused before it, or a
// route that takes none) is still on the connection: read as the next
// request, it would run as one. Reads and drops it (within `max`; beyond,
// or unreadable, sets `close_connection`). Not closed at once: a socket
// closed with unread bytes is reset, and the client can lose its reply.
void drop_unread_body(Poco::Net::HTTPServerRequest& in, std::size_t max, std::chrono::seconds timeout,
                      bool& close_connection);

// Returns the request's body, refusing (ApiError 413 payload_too_large) one
// larger than `max` bytes without reading it all: a declared Content-Length
// is checked before reading anything; a chunked body is read only up to
// max + 1 bytes. A body shorter than its Content-Length is a 400; one not
// all there within `timeout` of the call, a 408 request_timeout (a client
// trickling its body does not hold a worker longer). Sets
// `close_connection` when the rest of the request is left unread.
std::string read_request_body(Poco::Net::HTTPServerRequest& in, std::size_t max, std::chrono::seconds timeout,
                              bool& close_connection);

}  // namespace chizai::api
