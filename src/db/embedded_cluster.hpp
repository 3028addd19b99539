#pragma once
// The embedded default database: a private PostgreSQL cluster under
// ${XDG_DATA_HOME:-~/.local/share}/chatcost/postgres, created with initdb on first
// use, listening only on a Unix socket in a 0700 directory, started on demand.
// As root, the server runs as the unprivileged 'postgres' account.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "db/conninfo.hpp"
#include "db/connection_target.hpp"
#include "util/subprocess.hpp"

namespace chatcost::db {

struct embedded_layout {
    std::filesystem::path root;        // .../chatcost/postgres, owned by the server account
    std::filesystem::path data;        // root/data: PGDATA
    std::filesystem::path socket_dir;  // root/socket, or a short /tmp path when that is too long
    std::filesystem::path log_file;    // root/server.log
    std::filesystem::path lock_file;   // .../chatcost/postgres.lock, serialises init/start/stop
};

embedded_layout embedded_layout_for(const env_lookup& env);

class embedded_cluster {
public:
    using note_fn = std::function<void(const std::string&)>;

    embedded_cluster(embedded_layout layout, env_lookup env, note_fn note);

    const embedded_layout& layout() const { return layout_; }
    bool initialized() const;
    bool running() const;

    // Creates the cluster when it does not exist and starts it when it is not
    // running. Safe when several chatcost processes call it at once: one does the
    // work under a file lock, the others wait and find it running.
    void ensure_running();

    // Stops the server; false when it was not running.
    bool stop();

    // host (the socket directory), port, dbname and user for the embedded database.
    conninfo_params connection_params() const;
    // The same as a postgresql:// URL for psql.
    std::string url() const;

private:
    class file_lock;
    std::optional<os_account> server_account() const;
    process_result run_as_server(const std::vector<std::string>& argv) const;
    std::string program(const std::string& name) const;
    void initialize();
    void start();
    void create_database();

    embedded_layout layout_;
    env_lookup env_;
    note_fn note_;
    mutable std::filesystem::path bindir_;
};

}  // namespace chatcost::db
