// chizai user add | list | disable | enable | set-role | set-email | passwd, chizai token create |
// list | revoke, chizai audit list,
// chizai api routes: the API's users, tokens, audit log and route table.
#include <termios.h>
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>

#include "api/router.h"
#include "api/routes.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "io/digest.h"
#include "io/json_writer.h"
#include "requests/admin.h"
#include "services/audit_service.h"
#include "services/auth_service.h"
#include "services/session_service.h"
#include "render/admin.h"

namespace chizai::cli {
namespace {

// Runs a user/token change and its audit record in one transaction.
template <class Fn>
auto audited(Database& db, const Context& ctx, const std::string& command, const std::string& entity_type,
             const std::string& entity_id, Fn change) {
  WriteTransaction tx(db);
  auto result = change();
  if (!result) fail(result.error());
  AuditRecord r;
  r.user = "cli:" + ctx.actor();
  r.method = "CLI";
  r.route = "chizai " + command;
  r.path = "chizai " + command + " " + entity_id;
  r.entity_type = entity_type;
  r.entity_id = entity_id;
  r.digest = sha256_hex(r.path);
  AuditService(db).append(r);
  tx.commit();
  return result;
}

// Prints `records` in the chosen format: a JSON array written by `write`,
// or CSV / a table of `header` and `row(record)`.
template <class T, class Write, class ToRow>
void print_records(const Context& ctx, const std::vector<T>& records, Write write, const Row& header, ToRow row) {
  if (ctx.format() == Format::kJson) {
    JsonWriter w(2);
    w.begin_array();
    for (const auto& r : records) write(w, r);
    w.end_array();
    std::cout << w.str() << '\n';
    return;
  }
  std::vector<Row> rows;
  for (const auto& r : records) rows.push_back(row(r));
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

// Prints `u` as `chizai user add` does: "user NAME VERB (ROLE[, INSTITUTION])".
void print_user(const ApiUser& u, const std::string& verb) {
  std::cout << "user " << u.name << " " << verb << " (" << u.role
            << (u.institution.empty() ? "" : ", " + u.institution) << ")\n";
}

// chizai user disable|enable NAME.
void add_user_state_command(CLI::App* user, Context& ctx, const std::string& verb, bool disabled) {
  auto name = std::make_shared<std::string>();
  auto* cmd = user->add_subcommand(verb, disabled ? "Disable a user: its tokens stop working at once"
                                                  : "Enable a disabled user: its valid tokens work again");
  cmd->add_option("NAME", *name, "User name")->required();
  cmd->callback([&ctx, name, verb, disabled] {
    auto db = ctx.open();
    auto u = audited(*db, ctx, "user " + verb, "user", *name,
                     [&] { return AuthService(*db).set_disabled(*name, disabled); });
    print_user(*u, verb + "d");
  });
}

void add_set_role_command(CLI::App* user, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto* cmd = user->add_subcommand("set-role", "Give a user another role (and institution)");
  cmd->add_option("NAME", *name, "User name")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::role_spec());
  cmd->callback([&ctx, name, flags] {
    const requests::RoleRequest r = flags->read(requests::read_role);
    auto db = ctx.open();
    auto u = audited(*db, ctx, "user set-role", "user", *name,
                     [&] { return AuthService(*db).set_role(*name, r.role, r.institution); });
    print_user(*u, "now");
  });
}

// chizai user set-email NAME ADDRESS ("" removes it).
void add_set_email_command(CLI::App* user, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto address = std::make_shared<std::string>();
  auto* cmd = user->add_subcommand("set-email", "Set a user's e-mail address for the docket's reminder digest");
  cmd->add_option("NAME", *name, "User name")->required();
  cmd->add_option("ADDRESS", *address, "E-mail address; \"\" removes it (no reminders)")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::email_spec(), std::set<std::string>{"email"});
  cmd->callback([&ctx, name, address, flags] {
    flags->set("email", *address);
    const requests::EmailRequest r = flags->read(requests::read_email);
    auto db = ctx.open();
    auto u = audited(*db, ctx, "user set-email", "user", *name,
                     [&] { return AuthService(*db).set_email(*name, r.email); });
    std::cout << "user " << u->name << " e-mail " << (u->email.empty() ? std::string("removed") : "now " + u->email)
              << '\n';
  });
}

// One line typed on the terminal without echo (the prompt on stderr).
std::string prompt_hidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  const bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::cerr << '\n';
  return line;
}

// The new password: all of stdin without its final newline
// (--password-stdin), else typed twice on the terminal. Never echoed.
std::string read_new_password(bool from_stdin) {
  if (from_stdin) {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return text;
  }
  if (!::isatty(STDIN_FILENO)) {
    throw Failure(kUsage, "no terminal to ask for the password on: give it on stdin with --password-stdin");
  }
  const std::string first = prompt_hidden("New password: ");
  const std::string second = prompt_hidden("Repeat it: ");
  if (first != second) throw Failure(kDataErr, "the two passwords differ: nothing changed");
  return first;
}

// chizai user passwd NAME [--password-stdin].
void add_passwd_command(CLI::App* user, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto from_stdin = std::make_shared<bool>(false);
  auto* cmd = user->add_subcommand(
      "passwd", "Set a user's password for the web interface (at least 10 characters); its sessions end");
  cmd->add_option("NAME", *name, "User name")->required();
  cmd->add_flag("--password-stdin", *from_stdin, "Read the password from stdin instead of asking twice on the terminal");
  cmd->callback([&ctx, name, from_stdin] {
    const std::string password = read_new_password(*from_stdin);
    // Checked before the database is opened: a short password changes nothing.
    if (auto ok = check_password(password); !ok) fail(ok.error(), kDataErr);
    auto db = ctx.open();
    auto u = audited(*db, ctx, "user passwd", "user", *name, [&] {
      return SessionService(*db, {}, static_cast<long long>(std::time(nullptr))).set_password(*name, password);
    });
    std::cout << "user " << u->name << " password set (its sessions ended)" << std::endl;
  });
}

void add_user_commands(CLI::App& app, Context& ctx) {
  auto* user = app.add_subcommand("user", "API users: add, list, disable, enable, set-role, set-email, passwd");
  user->require_subcommand(1);

  auto name = std::make_shared<std::string>();
  auto* add = user->add_subcommand("add", "Add an API user with a role");
  add->add_option("NAME", *name, std::string(requests::user_spec().find("name")->description))->required();
  auto flags = std::make_shared<RequestFlags>(add, requests::user_spec(), std::set<std::string>{"name"});
  add->callback([&ctx, name, flags] {
    flags->set("name", *name);
    const requests::UserRequest r = flags->read(requests::read_user);
    auto db = ctx.open();
    auto u = audited(*db, ctx, "user add", "user", r.name,
                     [&] { return AuthService(*db).add_user(r.name, r.role, r.institution, r.email); });
    print_user(*u, "added");
  });
  add_user_state_command(user, ctx, "disable", true);
  add_user_state_command(user, ctx, "enable", false);
  add_set_role_command(user, ctx);
  add_set_email_command(user, ctx);
  add_passwd_command(user, ctx);

  auto paging = std::make_shared<PageFlags>();
  auto* list = user->add_subcommand("list", "List API users, by name");
  add_page_flags(list, *paging, "user name");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, paging] {
    auto db = ctx.open();
    AuthService auth(*db);
    const auto users =
        read_pages<ApiUser>(*paging, [&](const PageRequest& p) { return auth.list_users(p); });
    print_records(ctx, users, render::write_user,
                  {"name", "role", "institution", "created_at", "active_tokens", "disabled_at", "email"},
                  [](const ApiUser& u) {
                    return Row{u.name, u.role, u.institution, u.created_at, std::to_string(u.active_tokens),
                               u.disabled_at, u.email};
                  });
  });
}

void add_token_commands(CLI::App& app, Context& ctx) {
  auto* token = app.add_subcommand("token", "API bearer tokens: create, list, revoke");
  token->require_subcommand(1);

  auto user = std::make_shared<std::string>();
  auto* create = token->add_subcommand("create", "Create a token for a user (printed once)");
  create->add_option("USER", *user, "User name")->required();
  auto flags = std::make_shared<RequestFlags>(create, requests::token_spec());
  create->callback([&ctx, user, flags] {
    const requests::TokenRequest r = flags->read(requests::read_token);
    auto db = ctx.open();
    auto t = audited(*db, ctx, "token create", "user", *user,
                     [&] { return AuthService(*db).create_token(*user, r.expires); });
    std::cerr << "token " << t->id << " for " << t->user
              << (t->expires_at.empty() ? "" : ", expires " + t->expires_at)
              << " (shown once; only its SHA-256 is stored):\n";
    std::cout << t->token << '\n';
  });

  auto owner = std::make_shared<std::string>();
  auto paging = std::make_shared<PageFlags>();
  auto* list = token->add_subcommand("list", "List tokens (no secrets), by id");
  list->add_option("--user", *owner, "Only this user's tokens");
  add_page_flags(list, *paging, "token id");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, owner, paging] {
    check_id_after(*paging);
    auto db = ctx.open();
    AuthService auth(*db);
    const auto tokens = read_pages<TokenInfo>(*paging, [&](const PageRequest& p) {
      auto page = auth.list_tokens(*owner, p);
      if (!page) fail(page.error());
      return std::move(page.value());
    });
    print_records(ctx, tokens, render::write_token,
                  {"id", "user", "created_at", "expires_at", "revoked_at"}, [](const TokenInfo& t) {
                    return Row{std::to_string(t.id), t.user, t.created_at, t.expires_at, t.revoked_at};
                  });
  });

  auto what = std::make_shared<std::string>();
  auto* revoke = token->add_subcommand("revoke", "Revoke one token (by id) or all of a user's tokens");
  revoke->add_option("USER_OR_TOKEN_ID", *what, "User name, or a token id")->required();
  revoke->callback([&ctx, what] {
    auto db = ctx.open();
    auto n = audited(*db, ctx, "token revoke", "token", *what,
                     [&] { return AuthService(*db).revoke(*what); });
    std::cout << n.value() << " token" << (n.value() == 1 ? "" : "s") << " revoked\n";
  });
}

void add_audit_commands(CLI::App& app, Context& ctx) {
  auto* audit = app.add_subcommand("audit", "The API's audit log");
  audit->require_subcommand(1);
  auto filter = std::make_shared<AuditFilter>();
  auto paging = std::make_shared<PageFlags>();
  auto* list = audit->add_subcommand("list", "Audit records, newest first");
  add_page_flags(list, *paging, "record id (older records follow)");
  list->add_option("--by", filter->user, "Only this user's records");
  list->add_option("--entity-type", filter->entity_type, "Only this entity type");
  list->add_option("--since", filter->since, "Only records at or after this UTC time (YYYY-MM-DD…)");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, filter, paging] {
    check_id_after(*paging);
    auto db = ctx.open();
    AuditService service(*db);
    const auto records = read_pages<AuditRecord>(
        *paging, [&](const PageRequest& p) { return service.list(*filter, p); });
    print_records(ctx, records, render::write_audit_record,
                  {"id", "at", "user", "method", "path", "status", "entity_type", "entity_id", "digest"},
                  [](const AuditRecord& r) {
                    return Row{std::to_string(r.id), r.at, r.user, r.method, r.path, std::to_string(r.status),
                               r.entity_type, r.entity_id, r.digest.substr(0, 12)};
                  });
  });
}

void add_api_commands(CLI::App& app) {
  auto* api_cmd = app.add_subcommand("api", "About the HTTP API");
  api_cmd->require_subcommand(1);
  auto format = std::make_shared<std::string>("markdown");
  auto* routes = api_cmd->add_subcommand("routes", "The routes and who may call them (authorization matrix)");
  add_format_option(routes, *format, {"markdown", "json"});
  routes->callback([format] {
    api::Router router;
    api::all_routes(router);
    if (*format == "json") {
      std::cout << router.matrix_json() << '\n';
    } else {
      std::cout << router.matrix_markdown();
    }
  });
}

}  // namespace

void add_admin_commands(CLI::App& app, Context& ctx) {
  add_user_commands(app, ctx);
  add_token_commands(app, ctx);
  add_audit_commands(app, ctx);
  add_api_commands(app);
}

}  // namespace chizai::cli
