#include "api/connection.h"

#include <Poco/Delegate.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Timestamp.h>

#include <atomic>
#include <cstdint>
#include <mutex>

#include "api/errors.h"
#include "api/route.h"
#include "api/static_files.h"

namespace chizai::api {

namespace {

// One keep-alive connection: the loop of Poco's HTTPServerConnection, which
// it replaces for one reason: a request Poco cannot parse (more than its 100
// header fields, a header line or request line too long or malformed) gets
// the API's JSON error body and a request-log line, where Poco's loop sends
// an empty 400 and logs nothing. The rest is Poco's: its session, request
// and response classes, keep-alive rules and the stop event.
class Connection : public Poco::Net::TCPServerConnection {
 public:
  Connection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
             RequestHandler& handler, Poco::BasicEvent<const bool>& stopped)
      : Poco::Net::TCPServerConnection(socket), params_(std::move(params)), handler_(handler), stop_(stopped) {
    stop_ += Poco::delegate(this, &Connection::on_stopped);
  }
  ~Connection() override {
    try {
      stop_ -= Poco::delegate(this, &Connection::on_stopped);
    } catch (...) {
    }
  }

  void run() override {
    const std::string server = params_->getSoftwareVersion();
    Poco::Net::HTTPServerSession session(socket(), params_);
    while (!stopped_ && session.hasMoreRequests()) {
      const auto started = std::chrono::steady_clock::now();
      try {
        std::lock_guard lock(m_);
        if (stopped_) break;
        Poco::Net::HTTPServerResponseImpl response(session);
        Poco::Net::HTTPServerRequestImpl request(response, session, params_);
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() && session.canKeepAlive());
        if (!server.empty()) response.set("Server", server);
        if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
          response.sendContinue();
        }
        handler_.handle(request, response);
        session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() && session.canKeepAlive());
      } catch (const Poco::Net::NoMessageException&) {
        break;  // the client closed the connection between requests
      } catch (const Poco::Net::MessageException& e) {
        refuse(session, e, started);
      } catch (const Poco::SyntaxException& e) {
        // A head Poco read but could not take apart: a Content-Length in
        // hex or too large for a number ("0x14", 30 digits) fails in its
        // request's constructor. The API's 400, not a reset connection.
        if (session.networkException()) session.networkException()->rethrow();
        refuse(session, e, started, "Content-Length");
      } catch (const Poco::Exception&) {
        if (session.networkException()) session.networkException()->rethrow();
        throw;
      }
    }
  }

 private:
  // A request refused while Poco parsed its head: 400 with the API's error
  // body, and the connection closes (the rest of the request is unread).
  void refuse(Poco::Net::HTTPServerSession& session, const Poco::Exception& e,
              std::chrono::steady_clock::time_point started, const std::string& field = "") {
    const std::string what = e.message().empty() ? e.displayText() : e.message();
    const bool too_many = what.find("Too many header fields") != std::string::npos;
    const std::string body =
        too_many ? error_body("too_many_headers",
                              "the request has more header fields than this server parses (" +
                                  std::to_string(Poco::Net::MessageHeader().getFieldLimit()) + ")",
                              "")
                 : error_body("bad_request", "malformed HTTP request: " + what, field);
    try {
      Poco::Net::HTTPServerResponseImpl response(session);
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
    } catch (const Poco::Exception&) {
      // the client is gone: nothing to tell it
    }
    session.setKeepAlive(false);
    handler_.log_unparsed(started);
  }

  void on_stopped(const bool& at_once) {
    stopped_ = true;
    // At once: a connection idle in keep-alive stops waiting. Otherwise
    // after the request in progress (the lock is held while one runs).
    std::unique_lock lock(m_, std::defer_lock);
    if (!at_once) lock.lock();
    try {
      socket().shutdown();
    } catch (...) {
    }
  }

  Poco::Net::HTTPServerParams::Ptr params_;
  RequestHandler& handler_;
  Poco::BasicEvent<const bool>& stop_;
  std::atomic<bool> stopped_{false};
  std::mutex m_;
};

}  // namespace

Poco::Net::TCPServerConnection* ConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket) {
  return new Connection(socket, params_, handler_, stopped_);
}

void drop_unread_body(Poco::Net::HTTPServerRequest& in, std::size_t max, bool& close_connection) {
  if (!in.has("Transfer-Encoding") && !(in.has("Content-Length") && in.get("Content-Length") != "0")) return;
  try {
    (void)read_request_body(in, max, close_connection);
  } catch (...) {
    close_connection = true;
  }
}

std::string read_request_body(Poco::Net::HTTPServerRequest& in, std::size_t max, bool& close_connection) {
  const auto too_large = [&] {
    close_connection = true;  // the rest of the body is never read
    return ApiError(413, "payload_too_large",
                    "the request body is larger than the limit of " + std::to_string(max) + " bytes");
  };
  std::string body;
  if (in.hasContentLength()) {
    const auto length = in.getContentLength64();
    if (length < 0) throw ApiError(400, "bad_request", "bad Content-Length");
    if (static_cast<std::uint64_t>(length) > max) throw too_large();
    if (length == 0) return body;
    body.resize(static_cast<std::size_t>(length));
    in.stream().read(body.data(), length);
    body.resize(static_cast<std::size_t>(in.stream().gcount()));
    if (body.size() != static_cast<std::size_t>(length)) {
      close_connection = true;
      throw ApiError(400, "bad_request", "the request body is shorter than its Content-Length");
    }
    return body;
  }
  if (!in.getChunkedTransferEncoding()) return body;
  char buf[16384];
  std::istream& s = in.stream();
  while (s) {
    s.read(buf, sizeof buf);
    const auto n = static_cast<std::size_t>(s.gcount());
    if (n == 0) break;
    if (body.size() + n > max) throw too_large();
    body.append(buf, n);
  }
  return body;
}

}  // namespace chizai::api
