#pragma once
// The migrations a binary knows: sql/migrations/NNNN_snake_name.up.sql and .down.sql, compiled
// in (or read from a directory for development and tests), paired, ordered by version, split
// into statements and checksummed.
//
// A migration runs in one transaction together with its bookkeeping row, unless the first line
// of its file is the no-transaction marker below: then each statement commits on its own (what
// CREATE INDEX CONCURRENTLY needs). Up and down files carry their own marker.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrations/sql_splitter.hpp"
#include "util/exit_code.hpp"

namespace chatcost::db {

inline constexpr std::string_view no_transaction_marker = "-- chatcost:no-transaction";

struct migration_script {
    std::string path;  // "sql/migrations/0001_schema_migrations.up.sql", or the file on disk
    std::string text;
    bool transactional = true;
    std::vector<sql_statement> statements;
};

struct migration {
    std::int64_t version = 0;
    std::string name;      // "schema_migrations"
    std::string checksum;  // of the up file, see migration_checksum
    migration_script up;
    migration_script down;

    std::string label() const;  // "0001_schema_migrations"
};

struct migration_catalog {
    std::vector<migration> migrations;  // ascending versions, no duplicates

    const migration* find(std::int64_t version) const;
    std::optional<std::int64_t> latest_version() const;
};

struct source_file {
    std::string path;
    std::string text;
};

// CRLF and lone CR become LF, so a checkout with other line endings has the same checksum.
std::string normalize_line_endings(std::string_view text);
// SHA-256 (hex) of the text with its line endings normalised.
std::string migration_checksum(std::string_view text);
// Whether the first line is the no-transaction marker (trailing spaces and CR allowed).
bool has_no_transaction_marker(std::string_view text);

// Pairs and checks the files (names only matter after their last '/'). Every problem is listed
// in one failure with `code`: a name not NNNN_snake_name.(up|down).sql, an up without a down
// or the other way round, two names for one version, an up file without statements, a quote
// or comment left open.
migration_catalog build_catalog(const std::vector<source_file>& files, exit_code code);

// The migrations compiled into this binary (a malformed one is a bug: failure(internal)).
const migration_catalog& embedded_migrations();

// The *.sql files of a directory (--migrations-dir); failure(invalid_input) when malformed.
migration_catalog migrations_from_directory(const std::filesystem::path& directory);

// The files themselves, for `migrate lint`: the compiled-in ones (up and down, by version), or
// the paths given, where a directory stands for its *.sql files (sorted). failure(usage) when
// one cannot be read.
std::vector<source_file> embedded_migration_files();
std::vector<source_file> read_sql_files(const std::vector<std::string>& paths);

}  // namespace chatcost::db
