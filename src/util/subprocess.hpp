#pragma once
// Run a program and wait for it, optionally as another (unprivileged) account.
// Used to drive initdb and pg_ctl for the embedded database.

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace chatcost {

struct os_account {
    std::string name;
    uid_t uid;
    gid_t gid;
};

// The account of that name, or nothing when it does not exist.
std::optional<os_account> find_os_account(const std::string& name);

struct process_result {
    int exit_status;     // the exit code, or 128 + signal number
    std::string output;  // stdout and stderr, interleaved
};

struct process_options {
    std::optional<os_account> run_as;    // drop to this account first (caller must be root)
    std::vector<std::string> extra_env;  // "NAME=value" entries added to the environment
    std::vector<std::string> unset_env;  // names removed from the environment
};

// Runs argv[0] (looked up in PATH when it has no '/'), with stdin closed.
// Throws failure(internal) when the program cannot be started at all.
process_result run_process(const std::vector<std::string>& argv, const process_options& options = {});

}  // namespace chatcost
