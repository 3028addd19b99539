#pragma once
// Where the PostgreSQL server programs (initdb, pg_ctl) are installed.

#include <filesystem>

#include "db/connection_target.hpp"

namespace chatcost::db {

// CHATCOST_PG_BINDIR when set, else the newest /usr/lib/postgresql/N/bin (Debian's
// layout, where pg_ctl is not on PATH), else the directory of pg_ctl on PATH.
// Throws failure(internal) with the install step when none has initdb and pg_ctl.
std::filesystem::path find_postgres_bindir(const env_lookup& env);

}  // namespace chatcost::db
