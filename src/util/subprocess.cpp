#include "util/subprocess.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/failure.hpp"

extern char** environ;

namespace chatcost {

std::optional<os_account> find_os_account(const std::string& name) {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    if (getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found) {
        return std::nullopt;
    }
    return os_account{found->pw_name, found->pw_uid, found->pw_gid};
}

namespace {

// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(const std::vector<char*>& argv, const std::vector<char*>& envp,
                             const process_options& options, int output_fd) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    dup2(output_fd, STDOUT_FILENO);
    dup2(output_fd, STDERR_FILENO);
    if (options.run_as) {
        const auto& account = *options.run_as;
        if (setgroups(0, nullptr) != 0 || setgid(account.gid) != 0 || setuid(account.uid) != 0) {
            _exit(126);
        }
        // The child keeps root's working directory otherwise, which the account may not read.
        if (chdir("/") != 0) _exit(126);
    }
    execvpe(argv[0], argv.data(), envp.data());
    _exit(127);
}

std::string read_all(int fd) {
    std::string output;
    char chunk[4096];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n > 0) {
            output.append(chunk, static_cast<size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            return output;
        }
    }
}

}  // namespace

process_result run_process(const std::vector<std::string>& args, const process_options& options) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    std::vector<std::string> env_storage;
    for (char** e = environ; *e; ++e) {
        std::string_view entry(*e);
        auto name = entry.substr(0, entry.find('='));
        if (std::find(options.unset_env.begin(), options.unset_env.end(), name) == options.unset_env.end()) {
            env_storage.emplace_back(entry);
        }
    }
    for (const auto& extra : options.extra_env) env_storage.push_back(extra);
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);

    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        throw failure(exit_code::internal, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    }
    pid_t pid = fork();
    if (pid < 0) {
        throw failure(exit_code::internal,
                      fmt::format("cannot fork to run {}: {}", args.at(0), std::strerror(errno)));
    }
    if (pid == 0) {
        close(pipe_fds[0]);
        exec_child(argv, envp, options, pipe_fds[1]);
    }
    close(pipe_fds[1]);
    std::string output = read_all(pipe_fds[0]);
    close(pipe_fds[0]);

    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code == 127) {
        throw failure(exit_code::internal, fmt::format("cannot run {}: {}", args.at(0),
                                                       output.empty() ? "program not found" : output));
    }
    return {code, std::move(output)};
}

}  // namespace chatcost
