#include "db/search_access.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "util/failure.hpp"

namespace chatcost::db {

namespace fs = std::filesystem;

namespace {

// The kernel's POSIX ACL xattr format (linux/posix_acl_xattr.h): a version word,
// then (tag, perm, id) entries, little-endian, sorted by tag then id.
constexpr std::uint32_t acl_version = 2;
constexpr std::uint16_t tag_user_obj = 0x01, tag_user = 0x02, tag_group_obj = 0x04, tag_mask = 0x10,
                        tag_other = 0x20;
constexpr std::uint32_t undefined_id = 0xffffffff;
constexpr std::uint16_t perm_search = 1;
constexpr const char* acl_xattr = "system.posix_acl_access";

struct acl_entry {
    std::uint16_t tag;
    std::uint16_t perm;
    std::uint32_t id;
};

std::vector<acl_entry> acl_from_mode(mode_t mode) {
    auto bits = [mode](int shift) { return static_cast<std::uint16_t>((mode >> shift) & 7); };
    return {{tag_user_obj, bits(6), undefined_id},
            {tag_group_obj, bits(3), undefined_id},
            {tag_mask, bits(3), undefined_id},
            {tag_other, bits(0), undefined_id}};
}

std::vector<acl_entry> read_acl(const fs::path& dir) {
    std::vector<unsigned char> buffer(4096);
    ssize_t size = getxattr(dir.c_str(), acl_xattr, buffer.data(), buffer.size());
    if (size < 0) {
        struct stat st {};
        if (stat(dir.c_str(), &st) != 0)
            throw failure(exit_code::internal, fmt::format("cannot stat {}", dir.string()));
        return acl_from_mode(st.st_mode);
    }
    std::vector<acl_entry> entries;
    for (ssize_t at = 4; at + 8 <= size; at += 8) {
        auto u16 = [&](ssize_t i) { return static_cast<std::uint16_t>(buffer[i] | buffer[i + 1] << 8); };
        auto u32 = [&](ssize_t i) {
            return static_cast<std::uint32_t>(buffer[i] | buffer[i + 1] << 8 | buffer[i + 2] << 16) |
                   static_cast<std::uint32_t>(buffer[i + 3]) << 24;
        };
        entries.push_back({u16(at), u16(at + 2), u32(at + 4)});
    }
    return entries;
}

void write_acl(const fs::path& dir, std::vector<acl_entry> entries) {
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.tag != b.tag ? a.tag < b.tag : a.id < b.id; });
    std::vector<unsigned char> buffer;
    auto put = [&buffer](std::uint32_t value, int bytes) {
        for (int i = 0; i < bytes; ++i) buffer.push_back(static_cast<unsigned char>(value >> (8 * i)));
    };
    put(acl_version, 4);
    for (const auto& e : entries) {
        put(e.tag, 2);
        put(e.perm, 2);
        put(e.id, 4);
    }
    if (setxattr(dir.c_str(), acl_xattr, buffer.data(), buffer.size(), 0) != 0) {
        throw failure(exit_code::internal,
                      fmt::format("cannot let the database account pass through {}: {}", dir.string(),
                                  std::strerror(errno)),
                      "set XDG_DATA_HOME to a directory the 'postgres' account can reach, or use --database");
    }
}

void add_search_entry(const fs::path& dir, uid_t uid) {
    auto entries = read_acl(dir);
    bool found = false;
    for (auto& e : entries) {
        if (e.tag == tag_user && e.id == uid) {
            e.perm |= perm_search;
            found = true;
        }
    }
    if (!found) entries.push_back({tag_user, perm_search, uid});
    bool has_mask = false;
    for (auto& e : entries) {
        if (e.tag == tag_mask) {
            e.perm |= perm_search;
            has_mask = true;
        }
    }
    if (!has_mask) entries.push_back({tag_mask, perm_search, undefined_id});
    write_acl(dir, entries);
}

}  // namespace

bool account_can_reach(const fs::path& dir, const os_account& account) {
    pid_t pid = fork();
    if (pid < 0) throw failure(exit_code::internal, fmt::format("cannot fork: {}", std::strerror(errno)));
    if (pid == 0) {
        if (setgroups(0, nullptr) != 0 || setgid(account.gid) != 0 || setuid(account.uid) != 0) _exit(2);
        _exit(access(dir.c_str(), X_OK) == 0 ? 0 : 1);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void grant_search_access(const fs::path& dir, const os_account& account,
                         const std::function<void(const std::string&)>& note) {
    fs::path walked;
    for (const auto& part : dir) {
        walked /= part;
        if (account_can_reach(walked, account)) continue;
        add_search_entry(walked, account.uid);
        note(fmt::format("granted search-only access on {} to the '{}' account (POSIX ACL)", walked.string(),
                         account.name));
    }
}

}  // namespace chatcost::db
