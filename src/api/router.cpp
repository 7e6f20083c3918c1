// The route table and the helpers route.h declares for handlers.
#include "api/router.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include "core/text.h"
#include "io/json_writer.h"

namespace chizai::api {
namespace {

std::vector<std::string_view> path_segments(std::string_view path) {
  // "/a/b" → {"a", "b"}; "/" → {}; "/a/" → {"a", ""} (a trailing slash is a
  // different path, so it does not match "/a").
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  if (path.empty()) return out;
  return split(path, '/');
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool percent_decode(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return false;
    const int hi = hex_value(text[i + 1]);
    const int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Roles.

std::optional<Role> parse_role(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "ip_manager") return Role::kIpManager;
  if (text == "tech_transfer") return Role::kTechTransfer;
  if (text == "finance") return Role::kFinance;
  if (text == "institution_viewer") return Role::kInstitutionViewer;
  return std::nullopt;
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kIpManager: return "ip_manager";
    case Role::kTechTransfer: return "tech_transfer";
    case Role::kFinance: return "finance";
    case Role::kInstitutionViewer: return "institution_viewer";
  }
  return "unknown";
}

const std::vector<Role>& all_role_list() {
  static const std::vector<Role> list = {Role::kAdmin, Role::kIpManager, Role::kTechTransfer,
                                         Role::kFinance, Role::kInstitutionViewer};
  return list;
}

// ---------------------------------------------------------------------------
// Errors.

void not_found(const std::string& what) { throw ApiError(404, "not_found", what + " not found"); }

void bad_request(const std::string& message, const std::string& field) {
  throw ApiError(400, "bad_request", message, field);
}

void refuse(const Error& error) {
  const ErrorKindInfo& kind = error_kind_info(error.kind);
  if (error.kind == ErrorKind::kInternal || error.kind == ErrorKind::kIo) {
    // A defect or a broken resource: the error boundary logs the detail
    // and tells the client only that it failed.
    throw std::runtime_error(std::string(kind.name) + " error " + error.code + ": " + error.message);
  }
  throw ApiError(kind.http_status, error.code.empty() ? kind.name : error.code, error.message, error.field);
}

// ---------------------------------------------------------------------------
// Requests and responses.

const std::string& Request::param(std::string_view name) const {
  auto it = params.find(name);
  if (it == params.end()) {
    throw std::logic_error("route has no path parameter {" + std::string(name) + "}");
  }
  return it->second;
}

std::optional<std::string> Request::query_value(std::string_view name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Response json(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

void require_visible(const Request& request, std::string_view institution_code,
                     const std::string& what) {
  if (!request.principal.may_see(institution_code)) not_found(what);
}

void require_own(const Request& request, std::string_view institution_code, const std::string& what) {
  if (!request.principal.may_see(institution_code)) not_found(what);
}

namespace {

std::optional<Format> format_of_word(std::string_view w) {
  if (w == "json") return Format::kJson;
  if (w == "csv") return Format::kCsv;
  if (w == "html") return Format::kHtml;
  return std::nullopt;
}

std::string_view format_word(Format f) {
  switch (f) {
    case Format::kJson: return "json";
    case Format::kCsv: return "csv";
    case Format::kHtml: return "html";
  }
  return "json";
}

// The media types that name a format ("application/json" → json).
std::optional<Format> format_of_media(std::string_view media) {
  if (media == "application/json") return Format::kJson;
  if (media == "text/csv") return Format::kCsv;
  if (media == "text/html") return Format::kHtml;
  return std::nullopt;
}

[[noreturn]] void not_acceptable(std::initializer_list<Format> offered) {
  std::string list;
  for (Format f : offered) list += (list.empty() ? "" : ", ") + std::string(format_word(f));
  throw ApiError(406, "not_acceptable", "this resource is available as " + list, "format");
}

}  // namespace

Format negotiate(const Request& request, std::initializer_list<Format> offered) {
  const auto is_offered = [&](Format f) {
    return std::find(offered.begin(), offered.end(), f) != offered.end();
  };
  if (auto f = request.query_value("format")) {
    auto parsed = format_of_word(to_lower_ascii(*f));
    if (!parsed || !is_offered(*parsed)) not_acceptable(offered);
    return *parsed;
  }
  const std::string_view accept = trim(request.accept);
  if (accept.empty() || offered.size() == 0) return offered.size() ? *offered.begin() : Format::kJson;
  // Media ranges with q values: the offered format with the highest q wins;
  // ties go to the order of `offered`.
  double best_q = 0;
  std::optional<Format> best;
  for (Format f : offered) {
    double q_for_f = -1;
    int specificity = -1;
    for (std::string_view range : split(accept, ',')) {
      auto parts = split(range, ';');
      const std::string media = to_lower_ascii(trim(parts[0]));
      double q = 1;
      for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string_view p = trim(parts[i]);
        if (starts_with(p, "q=")) {
          try {
            q = std::stod(std::string(p.substr(2)));
          } catch (const std::exception&) {
            q = 0;
          }
        }
      }
      int s = -1;
      if (media == "*/*") {
        s = 0;
      } else if (auto mf = format_of_media(media); mf && *mf == f) {
        s = 2;
      } else if (media == "text/*" && (f == Format::kCsv || f == Format::kHtml)) {
        s = 1;
      } else if (media == "application/*" && f == Format::kJson) {
        s = 1;
      }
      if (s > specificity) {
        specificity = s;
        q_for_f = q;
      }
    }
    if (specificity >= 0 && q_for_f > best_q) {
      best_q = q_for_f;
      best = f;
    }
  }
  if (!best) not_acceptable(offered);
  return *best;
}

namespace {

std::string to_hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

}  // namespace

PageRequest page(const Request& request) {
  PageRequest p;
  const std::size_t max = request.settings ? request.settings->max_page_size : 1000;
  p.limit = request.settings ? request.settings->default_page_size : 100;
  if (auto limit = request.query_value("limit")) {
    auto n = parse_int64(*limit);
    if (!n || *n < 1) bad_request("'limit' must be a whole number of at least 1, not '" + *limit + "'", "limit");
    if (static_cast<std::uint64_t>(*n) > max) {
      bad_request("'limit' " + *limit + " is above the maximum page size " + std::to_string(max),
                  "limit");
    }
    p.limit = static_cast<std::size_t>(*n);
  }
  if (auto cursor = request.query_value("cursor"); cursor && !cursor->empty()) {
    if (cursor->size() % 2 != 0) bad_request("'cursor' is not a cursor this server returned", "cursor");
    std::string decoded;
    for (std::size_t i = 0; i < cursor->size(); i += 2) {
      const int hi = hex_value((*cursor)[i]);
      const int lo = hex_value((*cursor)[i + 1]);
      if (hi < 0 || lo < 0) bad_request("'cursor' is not a cursor this server returned", "cursor");
      decoded.push_back(static_cast<char>(hi * 16 + lo));
    }
    p.after = std::move(decoded);
  }
  return p;
}

PageRequest id_page(const Request& request) {
  PageRequest p = page(request);
  if (!p.after.empty()) {
    auto id = parse_int64(p.after);
    if (!id || *id < 1) bad_request("'cursor' is not a cursor this server returned", "cursor");
    p.after = std::to_string(*id);
  }
  return p;
}

std::string next_cursor(std::string_view last_key) { return to_hex(last_key); }

void write_next_cursor(JsonWriter& w, const std::string& next) {
  w.key("next_cursor");
  if (next.empty()) {
    w.null();
  } else {
    w.value(next_cursor(next));
  }
}

// ---------------------------------------------------------------------------
// The table.

void Router::add(Route route) {
  for (const Route& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      throw std::logic_error("duplicate route " + route.method + " " + route.pattern);
    }
  }
  if (route.pattern.empty() || route.pattern.front() != '/') {
    throw std::logic_error("route pattern must start with '/': " + route.pattern);
  }
  if (!route.handler) throw std::logic_error("route without a handler: " + route.pattern);
  Compiled c;
  std::vector<std::string> names;
  for (std::string_view seg : path_segments(route.pattern)) {
    if (seg.empty()) throw std::logic_error("empty segment in route pattern " + route.pattern);
    const bool param = seg.front() == '{';
    if (param) {
      if (seg.size() < 3 || seg.back() != '}' ||
          seg.substr(1, seg.size() - 2).find_first_of("{}/") != std::string_view::npos) {
        throw std::logic_error("bad parameter segment in route pattern " + route.pattern);
      }
      std::string name(seg.substr(1, seg.size() - 2));
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        throw std::logic_error("parameter {" + name + "} twice in " + route.pattern);
      }
      names.push_back(name);
      c.segments.push_back(std::move(name));
    } else {
      if (seg.find_first_of("{}") != std::string_view::npos) {
        throw std::logic_error("bad literal segment in route pattern " + route.pattern);
      }
      c.segments.emplace_back(seg);
    }
    c.is_param.push_back(param);
  }
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

Match Router::match(std::string_view method, std::string_view raw_path) const {
  Match out;
  const auto raw = path_segments(raw_path);
  std::vector<std::string> segs;
  segs.reserve(raw.size());
  for (std::string_view s : raw) {
    std::string d;
    if (!percent_decode(s, d)) return out;  // a malformed escape matches nothing
    segs.push_back(std::move(d));
  }
  // Among the patterns that match the path, the most literal one (compared
  // segment by segment from the left) decides; several routes may share it
  // with different methods.
  const Compiled* best = nullptr;
  std::vector<std::size_t> best_routes;
  auto more_literal = [](const Compiled& a, const Compiled& b) {
    for (std::size_t i = 0; i < a.is_param.size(); ++i) {
      if (a.is_param[i] != b.is_param[i]) return !a.is_param[i];
    }
    return false;
  };
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Compiled& c = compiled_[i];
    if (c.segments.size() != segs.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < segs.size() && ok; ++k) {
      if (c.is_param[k]) {
        ok = !segs[k].empty();
      } else {
        ok = c.segments[k] == segs[k];
      }
    }
    if (!ok) continue;
    if (!best || more_literal(c, *best)) {
      best = &c;
      best_routes = {i};
    } else if (!more_literal(*best, c)) {
      best_routes.push_back(i);  // the same shape: another method of this pattern
    }
  }
  if (!best) return out;
  for (std::size_t i : best_routes) {
    if (routes_[i].method == method) {
      out.route = &routes_[i];
      const Compiled& c = compiled_[i];
      for (std::size_t k = 0; k < segs.size(); ++k) {
        if (c.is_param[k]) out.params.emplace(c.segments[k], segs[k]);
      }
      return out;
    }
  }
  for (std::size_t i : best_routes) out.allowed.push_back(routes_[i].method);
  std::sort(out.allowed.begin(), out.allowed.end());
  out.allowed.erase(std::unique(out.allowed.begin(), out.allowed.end()), out.allowed.end());
  return out;
}

// ---------------------------------------------------------------------------
// The authorization matrix.

std::string matrix_cell(const Route& route, Role role) {
  if (route.public_route) return "public";
  if (!(route.roles & static_cast<Roles>(role))) return "—";
  const bool scoped_role = role == Role::kIpManager || role == Role::kInstitutionViewer;
  return scoped_role && !route.scope.empty() ? "own only" : "allowed";
}

namespace {

std::vector<const Route*> sorted_routes(const std::vector<Route>& routes) {
  std::vector<const Route*> out;
  for (const Route& r : routes) out.push_back(&r);
  std::sort(out.begin(), out.end(), [](const Route* a, const Route* b) {
    if (a->pattern != b->pattern) return a->pattern < b->pattern;
    return a->method < b->method;
  });
  return out;
}

}  // namespace

std::string Router::matrix_markdown() const {
  std::ostringstream out;
  out << "| Method | Path |";
  for (Role r : all_role_list()) out << ' ' << role_name(r) << " |";
  out << "\n|---|---|";
  for (std::size_t i = 0; i < all_role_list().size(); ++i) out << "---|";
  out << '\n';
  for (const Route* r : sorted_routes(routes_)) {
    out << "| " << r->method << " | `" << r->pattern << "` |";
    for (Role role : all_role_list()) out << ' ' << matrix_cell(*r, role) << " |";
    out << '\n';
  }
  return out.str();
}

std::string Router::matrix_json() const {
  JsonWriter w(2);
  w.begin_array();
  for (const Route* r : sorted_routes(routes_)) {
    w.begin_object()
        .field("method", r->method)
        .field("path", r->pattern)
        .field("summary", r->summary)
        .field("tag", r->tag)
        .field("scope", r->scope)
        .field("public", r->public_route)
        .key("roles")
        .begin_object();
    for (Role role : all_role_list()) w.field(role_name(role), matrix_cell(*r, role));
    w.end_object().end_object();
  }
  w.end_array();
  return w.take();
}

}  // namespace chizai::api
