#include "api/errors.h"

#include "io/json_writer.h"

namespace chizai::api {

std::string error_body(const std::string& code, const std::string& message, const std::string& field) {
  JsonWriter w;
  w.begin_object().key("error").begin_object().field("code", code).field("message", message).key("field");
  if (field.empty()) {
    w.null();
  } else {
    w.value(field);
  }
  w.end_object().end_object();
  return w.take();
}

Response error_response(int status, const std::string& code, const std::string& message,
                        const std::string& field) {
  return json(error_body(code, message, field), status);
}

}  // namespace chizai::api
