#include "db/embedded_cluster.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <pwd.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/postgres_install.hpp"
#include "db/search_access.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace fs = std::filesystem;

namespace {

constexpr const char* database_name = "chatcost";
constexpr const char* superuser_name = "chatcost";
constexpr const char* port = "5432";
constexpr size_t max_socket_path = 100;  // sun_path holds 108 bytes, with its terminator

fs::path data_home(const env_lookup& env) {
    if (auto xdg = env("XDG_DATA_HOME"); xdg && !xdg->empty() && fs::path(*xdg).is_absolute()) return *xdg;
    if (auto home = env("HOME"); home && !home->empty()) return fs::path(*home) / ".local" / "share";
    if (const passwd* entry = getpwuid(geteuid())) return fs::path(entry->pw_dir) / ".local" / "share";
    throw failure(exit_code::internal,
                  "cannot place the embedded database: neither XDG_DATA_HOME nor HOME is set",
                  "set XDG_DATA_HOME, or use your own server with --database URL");
}

// Creates `dir` as 0700 (owned by `owner` when given). An existing directory is
// left alone: a chmod would also reset the ACL mask that lets the server account through.
void make_private_dir(const fs::path& dir, const std::optional<os_account>& owner) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return;
    fs::create_directories(dir, ec);
    if (ec) {
        throw failure(exit_code::internal, fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    }
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (owner && chown(dir.c_str(), owner->uid, owner->gid) != 0) {
        throw failure(exit_code::internal, fmt::format("cannot give {} to the '{}' account: {}", dir.string(),
                                                       owner->name, std::strerror(errno)));
    }
}

std::string quote_config_value(const std::string& value) {
    std::string out = "'";
    for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string percent_encode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            out.push_back(static_cast<char>(c));
        } else {
            out += fmt::format("%{:02X}", c);
        }
    }
    return out;
}

std::string last_lines(const fs::path& file, size_t count) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::string out;
    for (size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i)
        out += "\n  " + lines[i];
    return out;
}

}  // namespace

// Held while creating, starting or stopping, so concurrent chatcost processes
// take turns; the kernel releases it if the holder dies.
class embedded_cluster::file_lock {
public:
    explicit file_lock(const fs::path& path) {
        fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0) {
            throw failure(exit_code::internal,
                          fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
        }
        while (flock(fd_, LOCK_EX) != 0) {
            if (errno != EINTR) {
                throw failure(exit_code::internal,
                              fmt::format("cannot lock {}: {}", path.string(), std::strerror(errno)));
            }
        }
    }
    ~file_lock() { close(fd_); }
    file_lock(const file_lock&) = delete;
    file_lock& operator=(const file_lock&) = delete;

private:
    int fd_;
};

embedded_layout embedded_layout_for(const env_lookup& env) {
    const fs::path base = data_home(env) / "chatcost";
    embedded_layout layout;
    layout.root = base / "postgres";
    layout.data = layout.root / "data";
    layout.log_file = layout.root / "server.log";
    layout.lock_file = base / "postgres.lock";
    layout.socket_dir = layout.root / "socket";
    if ((layout.socket_dir / ".s.PGSQL.5432").string().size() > max_socket_path) {
        auto key = std::hash<std::string>{}(layout.root.string());
        layout.socket_dir = fmt::format("/tmp/chatcost-{}-{:016x}", geteuid(), key);
    }
    return layout;
}

embedded_cluster::embedded_cluster(embedded_layout layout, env_lookup env, note_fn note)
    : layout_(std::move(layout)), env_(std::move(env)), note_(std::move(note)) {}

bool embedded_cluster::initialized() const {
    return fs::exists(layout_.data / "PG_VERSION");
}

// PostgreSQL refuses to run as root, so root hands the server to 'postgres'.
std::optional<os_account> embedded_cluster::server_account() const {
    if (geteuid() != 0) return std::nullopt;
    auto name = env_("CHATCOST_SERVER_ACCOUNT").value_or("postgres");
    auto account = find_os_account(name);
    if (!account || account->uid == 0) {
        throw failure(
            exit_code::internal,
            fmt::format("running as root, the embedded database needs the unprivileged '{}' account, "
                        "which does not exist",
                        name),
            "install PostgreSQL (sudo apt-get install postgresql), set CHATCOST_SERVER_ACCOUNT, "
            "or run chatcost as a normal user");
    }
    return account;
}

std::string embedded_cluster::program(const std::string& name) const {
    if (bindir_.empty()) bindir_ = find_postgres_bindir(env_);
    return (bindir_ / name).string();
}

process_result embedded_cluster::run_as_server(const std::vector<std::string>& argv) const {
    process_options options;
    options.run_as = server_account();
    // The server must not inherit a client's idea of where to connect.
    options.unset_env = {"PGHOST", "PGHOSTADDR", "PGPORT",    "PGDATABASE",
                         "PGUSER", "PGSERVICE",  "PGOPTIONS", "PGDATA"};
    return run_process(argv, options);
}

bool embedded_cluster::running() const {
    if (!initialized()) return false;
    return run_as_server({program("pg_ctl"), "status", "-D", layout_.data.string()}).exit_status == 0;
}

void embedded_cluster::initialize() {
    const auto account = server_account();
    note_(fmt::format("creating the embedded database in {} (first use)", layout_.root.string()));
    make_private_dir(layout_.root, account);
    make_private_dir(layout_.socket_dir, account);
    if (account) grant_search_access(layout_.root, *account, note_);

    // initdb works in a side directory that is renamed into place only when
    // complete, so an interrupted first run leaves nothing half-made behind.
    const fs::path staging = layout_.root / "data.initializing";
    fs::remove_all(staging);
    make_private_dir(staging, account);
    auto result =
        run_as_server({program("initdb"), "-D", staging.string(), "-U", superuser_name, "-E", "UTF8",
                       "--no-locale", "--auth-local=trust", "--auth-host=reject", "--no-instructions"});
    if (result.exit_status != 0) {
        throw failure(exit_code::internal,
                      fmt::format("initdb failed in {}:\n{}", staging.string(), result.output));
    }
    std::ofstream config(staging / "postgresql.conf", std::ios::app);
    config << "\n# Added by chatcost: reachable only through a private socket directory.\n"
           << "listen_addresses = ''\n"
           << "port = " << port << "\n"
           << "unix_socket_directories = " << quote_config_value(layout_.socket_dir.string()) << "\n"
           << "unix_socket_permissions = 0700\n";
    config.close();
    if (!config) throw failure(exit_code::internal, "cannot write the embedded database's postgresql.conf");
    fs::rename(staging, layout_.data);
}

void embedded_cluster::start() {
    make_private_dir(layout_.socket_dir, server_account());  // /tmp may have been cleaned
    auto result = run_as_server({program("pg_ctl"), "start", "-D", layout_.data.string(), "-l",
                                 layout_.log_file.string(), "-w", "-t", "60", "-s"});
    if (result.exit_status != 0) {
        throw failure(exit_code::unreachable,
                      fmt::format("the embedded database in {} did not start: {}{}", layout_.data.string(),
                                  result.output, last_lines(layout_.log_file, 10)),
                      fmt::format("see {}", layout_.log_file.string()));
    }
}

void embedded_cluster::create_database() {
    const fs::path marker = layout_.root / "database-created";
    if (fs::exists(marker)) return;
    auto params = connection_params();
    set_param(params, "dbname", "postgres");
    pqxx::connection connection(to_conninfo(params));
    pqxx::nontransaction tx(connection);
    if (tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", database_name).empty()) {
        tx.exec(std::string("CREATE DATABASE ") + database_name);
    }
    std::ofstream(marker) << "yes\n";
}

void embedded_cluster::ensure_running() {
    make_private_dir(layout_.lock_file.parent_path(), std::nullopt);
    file_lock lock(layout_.lock_file);
    if (!initialized()) initialize();
    if (!running()) {
        note_(fmt::format("starting the embedded database in {}", layout_.data.string()));
        start();
    }
    create_database();
}

bool embedded_cluster::stop() {
    if (!initialized()) return false;
    make_private_dir(layout_.lock_file.parent_path(), std::nullopt);
    file_lock lock(layout_.lock_file);
    if (!running()) return false;
    auto result =
        run_as_server({program("pg_ctl"), "stop", "-D", layout_.data.string(), "-m", "fast", "-w", "-s"});
    if (result.exit_status != 0) {
        throw failure(exit_code::internal, fmt::format("pg_ctl stop failed: {}", result.output));
    }
    return true;
}

conninfo_params embedded_cluster::connection_params() const {
    return {{"host", layout_.socket_dir.string()},
            {"port", port},
            {"dbname", database_name},
            {"user", superuser_name}};
}

std::string embedded_cluster::url() const {
    return fmt::format("postgresql://{}@/{}?host={}&port={}", superuser_name, database_name,
                       percent_encode(layout_.socket_dir.string()), port);
}

}  // namespace chatcost::db
