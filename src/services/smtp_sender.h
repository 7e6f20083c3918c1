// MailSender over SMTP (Poco::Net::SMTPClientSession + MailMessage): the
// configured relay (smtp.host, smtp.port, smtp.from, optional
// smtp.username/smtp.password for AUTH LOGIN, smtp.timeout_seconds). The
// message is UTF-8 plain text, quoted-printable, its subject RFC 2047
// encoded. One connection per message.
#pragma once

#include <functional>
#include <string>

#include "core/result.h"
#include "services/reminder_service.h"

namespace chizai {

struct SmtpSettings {
  std::string host;
  int port = 25;
  std::string from;
  std::string username, password;  // AUTH LOGIN when username is given
  int timeout_seconds = 30;
};

// Reads the settings through `setting(key, fallback)`. Refusals (kInvalid,
// code "bad_smtp_setting", field the key): no smtp.host or smtp.from, a
// port outside 1..65535, a timeout outside 1..600 seconds, a from address
// check_email refuses, a username without a password.
Result<SmtpSettings> read_smtp_settings(const std::function<std::string(const std::string&, const std::string&)>& setting);

class SmtpSender : public MailSender {
 public:
  explicit SmtpSender(SmtpSettings settings) : settings_(std::move(settings)) {}
  Status send(const MailOut& message) override;

 private:
  SmtpSettings settings_;
};

}  // namespace chizai
