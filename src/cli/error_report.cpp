#include "cli/error_report.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <pqxx/except>

#include "db/connection_loss.hpp"
#include "db/server_message.hpp"
#include "output/display.hpp"
#include "output/log.hpp"
#include "output/render.hpp"
#include "output/value.hpp"
#include "util/failure.hpp"

namespace chatcost::cli {

namespace {

struct described {
    exit_code code;
    std::string message;
    std::string next_step;
};

// PostgreSQL's messages start with "ERROR:  " and end with a newline; we add our own frame.
std::string tidy_server_message(std::string text) {
    for (std::string_view prefix : {"ERROR:  ", "FATAL:  "}) {
        if (text.starts_with(prefix)) text.erase(0, prefix.size());
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

described lost_connection(const std::exception& e) {
    return {exit_code::unreachable, "lost the database connection: " + db::server_message_with_state(e),
            "run the command again: what was not committed was rolled back (backfill resumes after its "
            "last committed batch)"};
}

described describe(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const failure& e) {
        return {e.code(), e.what(), e.next_step()};
    } catch (const pqxx::broken_connection& e) {
        return lost_connection(e);
    } catch (const pqxx::insufficient_privilege& e) {
        // SQLSTATE 42501. libpqxx 6.4 throws this type for it without the code (sqlstate() is "").
        return {exit_code::database,
                fmt::format("database error: {} (SQLSTATE 42501)", tidy_server_message(e.what())),
                "the database role lacks a privilege this command needs: see PRIVILEGES in chatcost(1)"};
    } catch (const pqxx::sql_error& e) {
        // The server shut down or restarted, or an administrator ended the backend.
        if (db::is_connection_loss(e)) return lost_connection(e);
        // libpqxx 6.4 leaves the SQLSTATE out of some of its typed exceptions: no empty "(SQLSTATE )".
        auto state = e.sqlstate().empty() ? std::string() : fmt::format(" (SQLSTATE {})", e.sqlstate());
        return {exit_code::database,
                fmt::format("database error: {}{}", tidy_server_message(e.what()), state), ""};
    } catch (const pqxx::transaction_rollback& e) {
        // Deadlocks and serialization failures: in libpqxx 6.4 these are not sql_errors.
        return {exit_code::database,
                "database error: transaction rolled back: " + tidy_server_message(e.what()),
                "run the command again"};
    } catch (const pqxx::in_doubt_error& e) {
        return {exit_code::unreachable,
                std::string("lost the database connection while committing: ") + e.what(),
                "check whether the last change was applied before running again"};
    } catch (const std::exception& e) {
        return {exit_code::internal, std::string("internal error: ") + e.what(),
                "this is a bug in chatcost; please report it with the command you ran"};
    } catch (...) {
        return {exit_code::internal, "internal error: unknown exception", ""};
    }
}

// Messages quote user data (file contents, names): each line is escaped so that
// no control character reaches the terminal, while the message keeps its lines. libpq
// indents its continuation lines with tabs: those stay indentation, not a "\t".
std::string safe_for_terminal(const std::string& text) {
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (start > 0) out += '\n';
        if (start > 0) {
            for (; start < end && text[start] == '\t'; ++start) out += "  ";
        }
        out += output::escape_for_terminal(std::string_view(text).substr(start, end - start));
        start = end + 1;
    }
    return out;
}

void print(const described& d, const error_sink& sink) {
    if (sink.json) {
        auto line = output::value::object();
        line.add("ts", output::value::text(output::format_log_timestamp(std::chrono::system_clock::now())));
        line.add("level", output::value::text("error"));
        line.add("event", output::value::text("error"));
        line.add("message", output::value::text(sink.scrub(d.message)));
        if (!d.next_step.empty()) line.add("next_step", output::value::text(sink.scrub(d.next_step)));
        line.add("exit_code", output::value::integer(to_int(d.code)));
        sink.err << output::to_compact_json(line) << '\n';
        return;
    }
    sink.err << "chatcost: error: " << safe_for_terminal(sink.scrub(d.message)) << '\n';
    if (!d.next_step.empty())
        sink.err << "chatcost: hint: " << safe_for_terminal(sink.scrub(d.next_step)) << '\n';
}

// Levenshtein distance, for "did you mean" on a mistyped command.
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The innermost command that was recognised: unknown words are judged against its subcommands.
const CLI::App& innermost_command(const CLI::App& app) {
    for (const auto* sub : app.get_subcommands()) return innermost_command(*sub);
    return app;
}

// "unknown command 'statsu'" with the closest known one, when the parse stopped at a word
// that names no command; nothing otherwise.
std::optional<described> unknown_command(const CLI::App& app) {
    const auto& command = innermost_command(app);
    auto leftovers = app.remaining(true);
    auto known = command.get_subcommands({});
    if (leftovers.empty() || leftovers.front().starts_with("-") || known.empty()) return std::nullopt;
    const auto& word = leftovers.front();
    std::string path = command.get_parent() ? command.get_name() + " " : "";
    std::string closest;
    size_t best = 4;  // further than 3 edits is no suggestion
    std::string names;
    for (const auto* sub : known) {
        names += (names.empty() ? "" : ", ") + sub->get_name();
        if (auto d = edit_distance(word, sub->get_name()); d < best) best = d, closest = sub->get_name();
    }
    std::string hint = closest.empty() ? fmt::format("commands are: {}", names)
                                       : fmt::format("did you mean 'chatcost {}{}'?", path, closest);
    return described{exit_code::usage, fmt::format("unknown command '{}{}'", path, word), hint};
}

}  // namespace

exit_code report_exception(std::exception_ptr error, const error_sink& sink) {
    auto d = describe(error);
    print(d, sink);
    return d.code;
}

exit_code report_parse_error(const CLI::App& app, const CLI::ParseError& error, const error_sink& sink) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
        app.exit(error, std::cout, sink.err);  // --help, --version
        return exit_code::ok;
    }
    if (auto unknown = unknown_command(app)) {
        print(*unknown, sink);
    } else {
        print({exit_code::usage, error.what(),
               "run 'chatcost --help' (or 'chatcost COMMAND --help') for usage"},
              sink);
    }
    return exit_code::usage;
}

}  // namespace chatcost::cli
