#include "services/smtp_sender.h"

#include <Poco/Exception.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>

#include "services/auth_service.h"

namespace chizai {

namespace {

Error bad_setting(const std::string& key, const std::string& why) {
  return make_error(ErrorKind::kInvalid, "bad_smtp_setting", key + ": " + why, key);
}

// A whole number from `text` within [lo, hi], or nothing.
std::optional<int> whole(const std::string& text, int lo, int hi) {
  if (text.empty() || text.size() > 6 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return std::nullopt;
  }
  const int n = std::stoi(text);
  if (n < lo || n > hi) return std::nullopt;
  return n;
}

}  // namespace

Result<SmtpSettings> read_smtp_settings(
    const std::function<std::string(const std::string&, const std::string&)>& setting) {
  SmtpSettings s;
  s.host = setting("smtp.host", "");
  if (s.host.empty()) return bad_setting("smtp.host", "no relay configured (the host name or address of the relay)");
  const std::string port = setting("smtp.port", "25");
  auto p = whole(port, 1, 65535);
  if (!p) return bad_setting("smtp.port", "'" + port + "' is not a port (1 to 65535)");
  s.port = *p;
  s.from = setting("smtp.from", "");
  if (s.from.empty()) return bad_setting("smtp.from", "no sender address configured");
  if (auto ok = check_email(s.from); !ok) return bad_setting("smtp.from", ok.error().message);
  const std::string timeout = setting("smtp.timeout_seconds", "30");
  auto t = whole(timeout, 1, 600);
  if (!t) return bad_setting("smtp.timeout_seconds", "'" + timeout + "' is not a number of seconds (1 to 600)");
  s.timeout_seconds = *t;
  s.username = setting("smtp.username", "");
  s.password = setting("smtp.password", "");
  if (!s.username.empty() && s.password.empty()) {
    return bad_setting("smtp.password", "smtp.username is given without a password");
  }
  return s;
}

Status SmtpSender::send(const MailOut& m) {
  const std::string relay = settings_.host + ":" + std::to_string(settings_.port);
  try {
    Poco::Net::MailMessage message;
    message.setSender(settings_.from);
    message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, m.to));
    message.setSubject(Poco::Net::MailMessage::encodeWord(m.subject, "UTF-8"));
    message.setContentType("text/plain; charset=UTF-8");
    message.setContent(m.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    const Poco::Timespan timeout(settings_.timeout_seconds, 0);
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress(settings_.host, static_cast<Poco::UInt16>(settings_.port)), timeout);
    Poco::Net::SMTPClientSession session(socket);
    session.setTimeout(timeout);
    if (settings_.username.empty()) {
      session.login();
    } else {
      session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, settings_.username, settings_.password);
    }
    session.sendMessage(message);
    session.close();
    return {};
  } catch (const Poco::Exception& e) {
    return make_error(ErrorKind::kUnavailable, "mail_failed",
                      "the relay " + relay + " did not accept the message to " + m.to + ": " + e.displayText());
  } catch (const std::exception& e) {
    return make_error(ErrorKind::kUnavailable, "mail_failed",
                      "the relay " + relay + " did not accept the message to " + m.to + ": " + e.what());
  }
}

}  // namespace chizai
