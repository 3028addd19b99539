#pragma once
// The exit codes of DESIGN.md section 4: a contract with cron jobs and CI.

namespace chatcost {

enum class exit_code : int {
    ok = 0,
    internal = 1,       // a bug or an unexpected system failure
    usage = 2,          // bad flags or arguments
    check_failed = 3,   // pending/drift/lint findings, unpriced usage under --fail-on-unpriced
    unreachable = 4,    // the database cannot be reached
    database = 5,       // the database reported an error (SQLSTATE in the message)
    invalid_input = 6,  // a file, a flag value or a row holds invalid data
    schema = 7,         // schema not migrated, or ahead of this binary
    locked = 8,         // another run holds the lock
    interrupted = 130,  // SIGINT/SIGTERM; the work done so far is kept
};

constexpr int to_int(exit_code code) {
    return static_cast<int>(code);
}

}  // namespace chatcost
