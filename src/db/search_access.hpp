#pragma once
// When chatcost runs as root, the embedded server runs as an unprivileged
// account, which must be able to reach its data directory, typically under
// /root (mode 0700). Rather than loosen the mode bits for everyone, we give
// only that account search (x) permission with a POSIX ACL entry, on exactly the
// ancestors that stop it. It can then pass through, never list or read them.

#include <filesystem>
#include <functional>
#include <string>

#include "util/subprocess.hpp"

namespace chatcost::db {

// Whether `account` can search every directory on the way to `dir` and `dir` itself.
bool account_can_reach(const std::filesystem::path& dir, const os_account& account);

// Adds "user:<account>:--x" to each ancestor of `dir` (and `dir`) that `account`
// cannot pass; reports each change through `note`. Throws failure(internal) with a
// next step when the file system has no ACL support.
void grant_search_access(const std::filesystem::path& dir, const os_account& account,
                         const std::function<void(const std::string&)>& note);

}  // namespace chatcost::db
