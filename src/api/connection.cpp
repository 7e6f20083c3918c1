#include "api/connection.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cstdint>

#include "api/errors.h"
#include "api/route.h"
#include "api/static_files.h"

namespace chizai::api {

ClientConnection::ClientConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params)
    : socket_(socket), params_(std::move(params)), session_(socket_, params_) {
  // Every read and write of a worker is bounded: the head is already there
  // when a worker starts (the reactor waited for it), the body has its own
  // deadline (read_request_body), and a client that does not read its
  // reply gives the worker back after this long.
  socket_.setReceiveTimeout(params_->getTimeout());
  socket_.setSendTimeout(params_->getTimeout());
}

ClientConnection::After ClientConnection::serve(RequestHandler& handler, bool stopping) {
  for (;;) {
    const After after = serve_one(handler);
    if (after != After::kKeepAlive) return after;
    if (stopping) return After::kClose;
    // A pipelined request already read into the session's buffer: the
    // reactor would never see its bytes, so it is served here.
    if (!session_.has_buffered_bytes()) return After::kKeepAlive;
  }
}

ClientConnection::After ClientConnection::serve_one(RequestHandler& handler) {
  const auto started = std::chrono::steady_clock::now();
  const std::string server = params_->getSoftwareVersion();
  try {
    Poco::Net::HTTPServerResponseImpl response(session_);
    Poco::Net::HTTPServerRequestImpl request(response, session_, params_);
    ++served_;
    response.setDate(Poco::Timestamp());
    response.setVersion(request.getVersion());
    response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() &&
                          served_ < params_->getMaxKeepAliveRequests());
    if (!server.empty()) response.set("Server", server);
    if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
      response.sendContinue();
    }
    handler.handle(request, response);
    return response.getKeepAlive() ? After::kKeepAlive : After::kClose;
  } catch (const Poco::Net::NoMessageException&) {
    return After::kClose;  // the client closed the connection between requests
  } catch (const Poco::Net::MessageException& e) {
    // A head Poco could not parse (more than its 100 header fields, a line
    // or a field too long): the API's JSON error body, where Poco's own
    // loop sends an empty 400 and logs nothing.
    const std::string what = e.message().empty() ? e.displayText() : e.message();
    if (what.find("Too many header fields") != std::string::npos) {
      refuse_parsed("too_many_headers",
                    "the request has more header fields than this server parses (" +
                        std::to_string(Poco::Net::MessageHeader().getFieldLimit()) + ")",
                    "", started, handler);
    } else {
      refuse_parsed("bad_request", "malformed HTTP request: " + what, "", started, handler);
    }
    return After::kDrain;
  } catch (const Poco::SyntaxException& e) {
    // A head Poco read but could not take apart: a Content-Length in hex
    // or too large for a number ("0x14", 30 digits) fails in its request's
    // constructor. The API's 400, not a reset connection.
    if (session_.networkException()) return After::kClose;
    refuse_parsed("bad_request", "malformed HTTP request: " + e.message(), "Content-Length", started, handler);
    return After::kDrain;
  } catch (const Poco::Exception&) {
    return After::kClose;  // the network failed (the client is gone, or a timeout): nothing to answer
  }
}

void ClientConnection::refuse(RequestHandler& handler, const std::string& reason) {
  refuse_parsed("bad_request", "malformed HTTP request: " + reason, "", std::chrono::steady_clock::now(), handler);
}

// 400 with the API's error body; the connection closes after it (the rest
// of the request is unread: the reactor drains it, see After::kDrain).
void ClientConnection::refuse_parsed(const std::string& code, const std::string& message, const std::string& field,
                                     std::chrono::steady_clock::time_point started, RequestHandler& handler) {
  const std::string body = error_body(code, message, field);
  try {
    Poco::Net::HTTPServerResponseImpl response(session_);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
    response.setKeepAlive(false);
    response.setContentType("application/json");
    for (const auto& [name, value] : security_headers()) response.set(name, value);
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    // send(), not sendBuffer(): with no request attached (it never
    // parsed), sendBuffer writes the head and leaves the body out.
    std::ostream& out = response.send();
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    out.flush();
    socket_.shutdownSend();  // the reply is whole; what the client still sends is drained, then closed
  } catch (const Poco::Exception&) {
    // the client is gone: nothing to tell it
  }
  handler.log_unparsed(started);
}

void drop_unread_body(Poco::Net::HTTPServerRequest& in, std::size_t max, std::chrono::seconds timeout,
                      bool& close_connection) {
  if (!in.has("Transfer-Encoding") && !(in.has("Content-Length") && in.get("Content-Length") != "0")) return;
  try {
    (void)read_request_body(in, max, timeout, close_connection);
  } catch (...) {
    close_connection = true;
  }
}

namespace {

// Reads up to `n` bytes of the body into `into` with the socket's receive
// timeout set to what is left of `deadline`; false when the deadline passed
// or the network failed (the session keeps the failure).
std::size_t read_some(Poco::Net::HTTPServerRequest& in, char* into, std::size_t n,
                      std::chrono::steady_clock::time_point deadline) {
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in);
  if (impl) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return 0;
    impl->socket().setReceiveTimeout(Poco::Timespan(left.count()));
  }
  std::istream& s = in.stream();
  s.read(into, static_cast<std::streamsize>(n));
  return static_cast<std::size_t>(s.gcount());
}

bool timed_out(Poco::Net::HTTPServerRequest& in, std::chrono::steady_clock::time_point deadline) {
  if (std::chrono::steady_clock::now() >= deadline) return true;
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in);
  const Poco::Exception* failure = impl ? impl->session().networkException() : nullptr;
  return failure && dynamic_cast<const Poco::TimeoutException*>(failure) != nullptr;
}

}  // namespace

std::string read_request_body(Poco::Net::HTTPServerRequest& in, std::size_t max, std::chrono::seconds timeout,
                              bool& close_connection) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto too_large = [&] {
    close_connection = true;  // the rest of the body is never read
    return ApiError(413, "payload_too_large",
                    "the request body is larger than the limit of " + std::to_string(max) + " bytes");
  };
  const auto too_slow = [&] {
    close_connection = true;
    return ApiError(408, "request_timeout",
                    "the request body did not arrive within " + std::to_string(timeout.count()) +
                        " seconds (api.body_timeout_seconds)");
  };
  constexpr std::size_t kPiece = 65536;
  std::string body;
  if (in.hasContentLength()) {
    const auto length = in.getContentLength64();
    if (length < 0) throw ApiError(400, "bad_request", "bad Content-Length");
    if (static_cast<std::uint64_t>(length) > max) throw too_large();
    const auto want = static_cast<std::size_t>(length);
    body.resize(want);
    std::size_t got = 0;
    while (got < want) {
      const std::size_t n = read_some(in, body.data() + got, std::min(kPiece, want - got), deadline);
      got += n;
      if (n == 0 || !in.stream()) break;
    }
    if (got != want) {
      if (timed_out(in, deadline)) throw too_slow();
      close_connection = true;
      throw ApiError(400, "bad_request", "the request body is shorter than its Content-Length");
    }
    return body;
  }
  if (!in.getChunkedTransferEncoding()) return body;
  char buf[16384];
  for (;;) {
    const std::size_t n = read_some(in, buf, sizeof buf, deadline);
    if (n == 0) {
      if (timed_out(in, deadline)) throw too_slow();
      break;
    }
    if (body.size() + n > max) throw too_large();
    body.append(buf, n);
    if (!in.stream()) {
      if (timed_out(in, deadline)) throw too_slow();
      break;
    }
  }
  return body;
}

}  // namespace chizai::api
