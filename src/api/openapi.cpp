#include "api/openapi.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include "api/schema.h"
#include "core/text.h"
#include "io/json_writer.h"

namespace chizai::api {
namespace {

std::vector<std::string> path_params(const std::string& pattern) {
  std::vector<std::string> out;
  for (std::string_view seg : split(pattern, '/')) {
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      out.emplace_back(seg.substr(1, seg.size() - 2));
    }
  }
  return out;
}

void error_response(JsonWriter& w, const char* status, const char* description) {
  w.key(status).begin_object().field("description", description);
  w.key("content").begin_object().key("application/json").begin_object();
  w.key("schema").begin_object().field("$ref", "#/components/schemas/Error").end_object();
  w.end_object().end_object().end_object();
}

std::string lower(std::string s) { return to_lower_ascii(s); }

void schema_ref(JsonWriter& w, const std::string& name) {
  w.key("schema").begin_object().field("$ref", "#/components/schemas/" + name).end_object();
}

// The request body of `route`: its spec's schema and example, or a string
// of its media type (an import file).
void request_body(JsonWriter& w, const Route& route) {
  if (!route.body && route.body_media.empty()) return;
  w.key("requestBody").begin_object().field("required", true).key("content").begin_object();
  if (route.body) {
    w.key("application/json").begin_object();
    schema_ref(w, std::string(route.body->name));
    w.key("example");
    write_request_example(w, *route.body);
    w.end_object();
  } else {
    for (const std::string& media : route.body_media) {
      w.key(media).begin_object().key("schema").begin_object().field("type", "string").end_object();
      w.end_object();
    }
  }
  w.end_object().end_object();
}

// A success response: the route's schema (a page of them for a list) with
// the first example, and its other representations as text.
void success_response(JsonWriter& w, const char* status, const Route& route,
                      const std::map<std::string, std::vector<std::string>>& examples) {
  w.key(status).begin_object().field("description", "success").key("content").begin_object();
  const ResponseDoc& doc = route.response;
  if (!doc.name.empty()) {
    w.key("application/json").begin_object();
    schema_ref(w, doc.page ? doc.name + "Page" : doc.name);
    if (!doc.page) w.key("example").raw(examples.at(doc.name).front());
    w.end_object();
  }
  for (const std::string& media : doc.other_media) {
    w.key(media).begin_object().key("schema").begin_object().field("type", "string").end_object().end_object();
  }
  w.end_object().end_object();
}

// The schema of a list page of `name`.
void page_schema(JsonWriter& w, const std::string& name) {
  w.key(name + "Page").begin_object().field("type", "object").key("properties").begin_object();
  w.key("items").begin_object().field("type", "array").key("items").begin_object()
      .field("$ref", "#/components/schemas/" + name).end_object().end_object();
  w.key("next_cursor").begin_object().field("type", "string").field("nullable", true)
      .field("description", "the ?cursor= of the next page; null on the last").end_object();
  w.end_object();
  w.key("required").begin_array().value("items").value("next_cursor").end_array();
  w.field("additionalProperties", false).end_object();
}

}  // namespace

std::string openapi_document(const Router& router) {
  // path → method → route
  std::map<std::string, std::map<std::string, const Route*>> paths;
  // Response schemas by name: their examples; request specs by name.
  std::map<std::string, std::vector<std::string>> examples;
  std::set<std::string> pages, free_form;
  std::map<std::string, const RequestSpec*> requests;
  for (const Route& r : router.routes()) {
    paths[r.pattern][lower(r.method)] = &r;
    if (!r.response.name.empty()) {
      if (!r.response.examples) throw std::logic_error(r.method + " " + r.pattern + ": a response without examples");
      // Routes may share a schema by name only if they write the same thing.
      auto texts = r.response.examples();
      auto [it, added] = examples.emplace(r.response.name, texts);
      if (!added && it->second != texts) {
        throw std::logic_error(r.method + " " + r.pattern + ": another route's response is also named '" +
                               r.response.name + "' but writes other examples");
      }
    }
    if (r.response.page) pages.insert(r.response.name);
    if (r.response.free_form) free_form.insert(r.response.name);
    if (r.body) {
      for (const RequestSpec* spec : nested_specs(*r.body)) requests.emplace(std::string(spec->name), spec);
    }
  }

  JsonWriter w(2);
  w.begin_object().field("openapi", "3.0.3");
  w.key("info").begin_object()
      .field("title", "Chizai API")
      .field("version", "1")
      .field("description",
             "Patent portfolio and licensing tracker. Errors are {\"error\": {\"code\", \"message\", "
             "\"field\"}}. Every POST accepts an Idempotency-Key header. Scripts authenticate with a bearer token, "
             "the web interface with the session cookie of POST /api/v1/session.")
      .end_object();
  // Either a bearer token or the web interface's session cookie (whose
  // requests other than GET and HEAD also carry X-CSRF-Token).
  w.key("security").begin_array();
  w.begin_object().key("bearerAuth").begin_array().end_array().end_object();
  w.begin_object().key("sessionCookie").begin_array().end_array().end_object();
  w.end_array();
  w.key("paths").begin_object();
  for (const auto& [pattern, methods] : paths) {
    w.key(pattern).begin_object();
    for (const auto& [method, route] : methods) {
      w.key(method).begin_object();
      w.field("operationId", method + std::string(" ") + pattern);
      w.field("summary", route->summary);
      w.key("tags").begin_array().value(route->tag.empty() ? std::string("server") : route->tag).end_array();
      const auto params = path_params(pattern);
      const bool mutation = method == "post" || method == "put" || method == "patch" || method == "delete";
      if (!params.empty() || (mutation && !route->public_route)) {
        w.key("parameters").begin_array();
        for (const auto& p : params) {
          w.begin_object().field("name", p).field("in", "path").field("required", true);
          w.key("schema").begin_object().field("type", "string").end_object().end_object();
        }
        if (mutation && !route->public_route) {
          w.begin_object().field("name", "Idempotency-Key").field("in", "header").field("required", false);
          w.key("schema").begin_object().field("type", "string").field("maxLength", 200).end_object();
          w.end_object();
        }
        w.end_array();
      }
      if (route->public_route) {
        w.key("security").begin_array().end_array();
      } else {
        w.key("x-roles").begin_array();
        for (Role role : all_role_list()) {
          if (route->roles & static_cast<Roles>(role)) w.value(role_name(role));
        }
        w.end_array();
        if (!route->scope.empty()) w.field("x-scope", route->scope);
      }
      request_body(w, *route);
      w.key("responses").begin_object();
      if (route->response.name.empty() && route->response.other_media.empty()) {
        w.key(method == "post" ? "201" : "200").begin_object().field("description", "success").end_object();
      } else {
        const bool creates = method == "post" && !route->answers_200_only;
        success_response(w, creates ? "201" : "200", *route, examples);
        if (creates) success_response(w, "200", *route, examples);
      }
      error_response(w, "400", "bad input (the field is named)");
      if (!route->public_route) {
        error_response(w, "401", "missing, invalid or revoked bearer token, or an ended or expired session");
        error_response(w, "403", mutation ? "the caller's role may not use this route; or, signed in by the session "
                                            "cookie, no X-CSRF-Token or a foreign Origin (csrf_failed)"
                                          : "the caller's role may not use this route");
      } else if (mutation) {
        // Signing in (POST /api/v1/session), the one public mutation.
        error_response(w, "401", "the name or the password is not right (sign_in_failed)");
        error_response(w, "403", "sent from another site: a foreign Origin (csrf_failed)");
        error_response(w, "429", "too many failed sign-ins for the name or the address (sign_in_throttled; "
                                 "Retry-After)");
      }
      error_response(w, "404", "not found (also another institution's object for a scoped role)");
      // A patent number in the path ({number}) or in /history's ?key= is
      // looked up by RegistryService::lookup_patent: a US series form without
      // its year that matches several applications is 409 ambiguous_number.
      const bool names_patent = std::find(params.begin(), params.end(), "number") != params.end() ||
                                pattern == "/api/v1/history";
      if (mutation) {
        error_response(w, "409", "conflict, or an Idempotency-Key still in use");
        error_response(w, "413", "body larger than the configured maximum");
      } else if (names_patent) {
        error_response(w, "409", "a US series code and serial without the year match several applications "
                                 "(ambiguous_number)");
      }
      error_response(w, "422", "refused by a business rule (or an Idempotency-Key reused with another body)");
      w.end_object();
      w.end_object();
    }
    w.end_object();
  }
  w.end_object();
  w.key("components").begin_object();
  w.key("securitySchemes").begin_object().key("bearerAuth").begin_object()
      .field("type", "http").field("scheme", "bearer").end_object();
  w.key("sessionCookie").begin_object().field("type", "apiKey").field("in", "cookie").field("name", "chizai_session")
      .field("description", "Set by POST /api/v1/session; other methods than GET and HEAD also need the header "
                            "X-CSRF-Token (the session's csrf_token)")
      .end_object();
  w.end_object();
  w.key("schemas").begin_object().key("Error").begin_object().field("type", "object");
  w.key("properties").begin_object().key("error").begin_object().field("type", "object");
  w.key("properties").begin_object();
  w.key("code").begin_object().field("type", "string").end_object();
  w.key("message").begin_object().field("type", "string").end_object();
  w.key("field").begin_object().field("type", "string").field("nullable", true).end_object();
  w.end_object();  // error's properties
  w.key("required").begin_array().value("code").value("message").value("field").end_array();
  w.field("additionalProperties", false).end_object();  // error
  w.end_object();  // Error's properties
  w.key("required").begin_array().value("error").end_array();
  w.end_object();  // Error
  for (const auto& [name, spec] : requests) {
    w.key(name);
    write_request_schema(w, *spec);
  }
  for (const auto& [name, texts] : examples) {
    w.key(name);
    if (free_form.count(name)) {
      w.begin_object().field("type", "object").end_object();
    } else {
      write_inferred_schema(w, texts, name);
    }
  }
  for (const std::string& name : pages) page_schema(w, name);
  w.end_object();  // schemas
  w.end_object();  // components
  w.end_object();
  return w.take();
}

}  // namespace chizai::api
