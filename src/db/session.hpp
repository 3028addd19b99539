#pragma once
// The one place that opens database connections (DESIGN.md section 5): it
// resolves the target, starts the embedded database when that is the target,
// sets application_name and the per-command timeouts, maps connection failures
// to exit code 4, and knows the secrets that must never be printed.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <pqxx/connection>

#include "db/conninfo.hpp"
#include "db/connection_target.hpp"
#include "db/embedded_cluster.hpp"
#include "db/secret_scrubber.hpp"

namespace chatcost::db {

struct session_settings {
    std::optional<std::string> database_flag;
    std::string application_name = "chatcost";
    // Commands set their own before the first connection; see each command.
    std::chrono::milliseconds statement_timeout{60'000};
    std::chrono::milliseconds lock_timeout{5'000};
    std::chrono::seconds connect_timeout{10};
};

class session {
public:
    using note_fn = std::function<void(const std::string&)>;

    // Resolves the target but does not connect: commands that need no database never do.
    session(session_settings settings, env_lookup env, note_fn info, note_fn trace);
    ~session();
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    session_settings& settings() { return settings_; }
    const connection_target& target() const { return target_; }
    // What to call the target in messages: the connection string with its password masked.
    std::string display_target() const;

    // The session's connection, opened on first use.
    pqxx::connection& connection();
    // A further connection with the same settings (e.g. for an advisory lock).
    std::unique_ptr<pqxx::connection> open_connection();
    // A connection with the same settings to another database of the same server (e.g. the
    // scratch database of `migrate verify`).
    std::unique_ptr<pqxx::connection> open_connection_to(const std::string& dbname);

    // The command writes (`what` names it): every connection it opens then checks first that the
    // server is not a hot standby, and stops with exit 5 if it is (db/standby_check.hpp).
    void require_primary(std::string what) { primary_for_ = std::move(what); }

    embedded_cluster embedded() const;
    const secret_scrubber& scrubber() const { return scrubber_; }

private:
    conninfo_params target_params() const;
    std::string full_conninfo(const std::optional<std::string>& dbname = std::nullopt);
    std::unique_ptr<pqxx::connection> connect_with_retry(const std::string& conninfo);
    std::unique_ptr<pqxx::connection> open(const std::optional<std::string>& dbname);

    session_settings settings_;
    env_lookup env_;
    note_fn info_;
    note_fn trace_;
    connection_target target_;
    secret_scrubber scrubber_;
    std::unique_ptr<pqxx::connection> connection_;
    std::optional<std::string> primary_for_;
};

}  // namespace chatcost::db
