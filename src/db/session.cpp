#include "db/session.hpp"

#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <pqxx/except>

#include "db/standby_check.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

// Failures worth another attempt: the server is starting, restarting or
// briefly refusing; anything else (bad password, unknown host) fails at once.
bool transient(std::string_view message) {
    for (auto hint : {"the database system is starting up", "the database system is shutting down",
                      "Connection refused", "the database system is in recovery mode"}) {
        if (message.find(hint) != std::string_view::npos) return true;
    }
    return false;
}

}  // namespace

session::session(session_settings settings, env_lookup env, note_fn info, note_fn trace)
    : settings_(std::move(settings)), env_(std::move(env)), info_(std::move(info)), trace_(std::move(trace)) {
    if (settings_.database_flag && settings_.database_flag->empty()) {
        throw failure(exit_code::usage, "--database: the connection string is empty",
                      "give a URL like postgresql://user@host/dbname");
    }
    target_ = resolve_target(settings_.database_flag, env_);
    // A malformed string is reported when a connection is needed, not here: commands
    // that need no database (estimate, lint) must not fail because of DATABASE_URL. Its
    // passwords are known all the same, as written and decoded.
    for (auto& spelling : password_spellings(target_.conninfo)) scrubber_.add(std::move(spelling));
    try {
        for (const auto& [key, value] : parse_conninfo(target_.conninfo)) {
            if (key == "password") scrubber_.add(value);
        }
    } catch (const failure&) {
    }
    if (auto password = env_("PGPASSWORD")) scrubber_.add(*password);
}

session::~session() = default;

std::string session::display_target() const {
    switch (target_.source) {
        case target_source::embedded:
            return fmt::format("the embedded database ({})", embedded().layout().root.string());
        case target_source::libpq_env:
            return fmt::format("the server named by {}", target_.reason);
        default:
            return mask_password(target_.conninfo);
    }
}

embedded_cluster session::embedded() const {
    return embedded_cluster(embedded_layout_for(env_), env_, info_);
}

conninfo_params session::target_params() const {
    if (target_.source == target_source::embedded) return embedded().connection_params();
    return parse_conninfo(target_.conninfo);
}

std::string session::full_conninfo(const std::optional<std::string>& dbname) {
    auto params = target_params();
    if (dbname) set_param(params, "dbname", *dbname);
    if (!find_param(params, "application_name"))
        set_param(params, "application_name", settings_.application_name);
    if (!find_param(params, "connect_timeout")) {
        set_param(params, "connect_timeout", std::to_string(settings_.connect_timeout.count()));
    }
    // Our timeouts go after the user's own options (or PGOPTIONS), so ours win. JIT off: it costs
    // 100-1000 ms a statement, chosen by the estimates of rows chatcost's reports never read
    // (the raw branch of chatcost_usage(), generate_series), while they run in milliseconds;
    // set here, it costs no round-trip.
    auto options = find_param(params, "options").value_or(env_("PGOPTIONS").value_or(""));
    options +=
        fmt::format("{}-c statement_timeout={} -c lock_timeout={} -c jit=off", options.empty() ? "" : " ",
                    settings_.statement_timeout.count(), settings_.lock_timeout.count());
    set_param(params, "options", options);
    return to_conninfo(params);
}

std::unique_ptr<pqxx::connection> session::connect_with_retry(const std::string& conninfo) {
    constexpr int attempts = 3;
    for (int attempt = 1;; ++attempt) {
        try {
            return std::make_unique<pqxx::connection>(conninfo);
        } catch (const pqxx::broken_connection& error) {
            std::string why = scrubber_.scrub(libpq_message(error.what(), conninfo));
            if (is_connection_string_error(why)) {
                auto what = target_.source == target_source::libpq_env
                                ? fmt::format("invalid connection settings ({})", target_.reason)
                                : fmt::format("invalid connection string '{}'", display_target());
                throw failure(exit_code::usage, fmt::format("{}: {}", what, why),
                              "correct the connection string ('chatcost db status' shows which one is "
                              "used and why; see the libpq documentation for its parameters)");
            }
            if (attempt < attempts && transient(why)) {
                trace_(fmt::format("connection attempt {} failed, retrying: {}", attempt, why));
                std::this_thread::sleep_for(std::chrono::milliseconds(250 * attempt * attempt));
                continue;
            }
            throw failure(exit_code::unreachable,
                          fmt::format("cannot connect to {}: {}", display_target(), why),
                          target_.source == target_source::embedded
                              ? fmt::format("see {}", embedded().layout().log_file.string())
                              : "check that the server is up and the connection string is right "
                                "('chatcost db status' shows which database is used and why)");
        }
    }
}

std::unique_ptr<pqxx::connection> session::open_connection() {
    return open(std::nullopt);
}

std::unique_ptr<pqxx::connection> session::open_connection_to(const std::string& dbname) {
    return open(dbname);
}

std::unique_ptr<pqxx::connection> session::open(const std::optional<std::string>& dbname) {
    trace_(fmt::format("connecting to {}{} (chosen by {})", display_target(),
                       dbname ? fmt::format(", database {}", *dbname) : "", target_.reason));
    const auto conninfo = full_conninfo(dbname);
    std::unique_ptr<pqxx::connection> connection;
    if (target_.source == target_source::embedded) {
        // Fast path: a running server answers at once; only otherwise take the
        // start-up lock (and maybe run initdb).
        auto cluster = embedded();
        if (std::filesystem::exists(cluster.layout().socket_dir / ".s.PGSQL.5432")) {
            try {
                connection = std::make_unique<pqxx::connection>(conninfo);
            } catch (const pqxx::broken_connection&) {
                trace_("the embedded database did not answer; starting it");
            }
        }
        if (!connection) cluster.ensure_running();
    }
    if (!connection) connection = connect_with_retry(conninfo);
    trace_(fmt::format("connected: server {}, database {}, user {}", connection->server_version(),
                       connection->dbname(), connection->username()));
    if (primary_for_) refuse_standby(*connection, *primary_for_, display_target());
    return connection;
}

pqxx::connection& session::connection() {
    if (!connection_) connection_ = open_connection();
    return *connection_;
}

}  // namespace chatcost::db
