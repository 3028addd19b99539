#include "migrations/migration_catalog.hpp"

#include <algorithm>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "db/embedded_sql.hpp"
#include "util/failure.hpp"
#include "util/sha256.hpp"
#include "util/text_file.hpp"

namespace chatcost::db {

namespace {

struct file_name {
    std::int64_t version;
    std::string name;
    bool up;
};

std::optional<file_name> parse_file_name(std::string_view path) {
    static const std::regex pattern(R"(([0-9]{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.(up|down)\.sql)");
    std::string base(path.substr(path.rfind('/') + 1));
    std::smatch match;
    if (!std::regex_match(base, match, pattern)) return std::nullopt;
    auto version = std::stoll(match[1].str());
    if (version == 0) return std::nullopt;
    return file_name{version, match[2].str(), match[3].str() == "up"};
}

migration_script make_script(const source_file& file, std::vector<std::string>& problems) {
    migration_script script{file.path, file.text, !has_no_transaction_marker(file.text), {}};
    auto split = split_sql(file.text);
    if (split.error)
        problems.push_back(fmt::format("{}:{}: {}", file.path, split.error->line, split.error->message));
    script.statements = std::move(split.statements);
    return script;
}

}  // namespace

std::string migration::label() const {
    return fmt::format("{:04}_{}", version, name);
}

const migration* migration_catalog::find(std::int64_t version) const {
    auto it = std::find_if(migrations.begin(), migrations.end(),
                           [&](const auto& m) { return m.version == version; });
    return it == migrations.end() ? nullptr : &*it;
}

std::optional<std::int64_t> migration_catalog::latest_version() const {
    if (migrations.empty()) return std::nullopt;
    return migrations.back().version;
}

std::string normalize_line_endings(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string migration_checksum(std::string_view text) {
    return sha256_hex(normalize_line_endings(text));
}

bool has_no_transaction_marker(std::string_view text) {
    auto first = text.substr(0, text.find('\n'));
    while (!first.empty() && (first.back() == '\r' || first.back() == ' ' || first.back() == '\t')) {
        first.remove_suffix(1);
    }
    return first == no_transaction_marker;
}

migration_catalog build_catalog(const std::vector<source_file>& files, exit_code code) {
    std::vector<std::string> problems;
    struct pair {
        const source_file* up = nullptr;
        const source_file* down = nullptr;
        std::string name;
    };
    std::map<std::int64_t, pair> by_version;
    for (const auto& file : files) {
        auto parsed = parse_file_name(file.path);
        if (!parsed) {
            problems.push_back(
                fmt::format("{}: not named NNNN_snake_name.up.sql or .down.sql (NNNN from 0001)", file.path));
            continue;
        }
        auto& entry = by_version[parsed->version];
        if (!entry.name.empty() && entry.name != parsed->name) {
            problems.push_back(fmt::format("{}: version {:04} is already {:04}_{}", file.path,
                                           parsed->version, parsed->version, entry.name));
            continue;
        }
        entry.name = parsed->name;
        (parsed->up ? entry.up : entry.down) = &file;
    }
    migration_catalog catalog;
    for (const auto& [version, entry] : by_version) {
        if (!entry.up || !entry.down) {
            const auto* present = entry.up ? entry.up : entry.down;
            problems.push_back(
                fmt::format("{}: has no matching .{}.sql file", present->path, entry.up ? "down" : "up"));
            continue;
        }
        migration m{version, entry.name, migration_checksum(entry.up->text), make_script(*entry.up, problems),
                    make_script(*entry.down, problems)};
        if (m.up.statements.empty()) problems.push_back(fmt::format("{}: has no statements", m.up.path));
        catalog.migrations.push_back(std::move(m));
    }
    if (!problems.empty()) {
        std::string list;
        for (const auto& p : problems) list += "\n  " + p;
        throw failure(code, fmt::format("invalid migrations ({} problems):{}", problems.size(), list),
                      code == exit_code::internal ? "this binary was built with broken migrations; rebuild it"
                                                  : "fix the files listed above");
    }
    return catalog;
}

const migration_catalog& embedded_migrations() {
    // Built once: the embedded files never change while the program runs.
    static const migration_catalog catalog = [] {
        std::vector<source_file> files;
        for (const auto& file : embedded_sql()) {
            if (file.path.starts_with("migrations/")) {
                files.push_back({"sql/" + std::string(file.path), std::string(file.text)});
            }
        }
        return build_catalog(files, exit_code::internal);
    }();
    return catalog;
}

migration_catalog migrations_from_directory(const std::filesystem::path& directory) {
    std::error_code error;
    if (!std::filesystem::is_directory(directory, error)) {
        throw failure(exit_code::invalid_input, fmt::format("{}: not a directory", directory.string()),
                      "give --migrations-dir a directory holding NNNN_name.up.sql and .down.sql files");
    }
    return build_catalog(read_sql_files({directory.string()}), exit_code::invalid_input);
}

std::vector<source_file> embedded_migration_files() {
    std::vector<source_file> files;
    for (const auto& m : embedded_migrations().migrations) {
        files.push_back({m.up.path, m.up.text});
        files.push_back({m.down.path, m.down.text});
    }
    return files;
}

std::vector<source_file> read_sql_files(const std::vector<std::string>& paths) {
    std::vector<source_file> files;
    for (const auto& path : paths) {
        if (!std::filesystem::is_directory(path)) {
            files.push_back({path, read_text_input(path)});
            continue;
        }
        std::vector<std::string> inside;
        for (const auto& entry : std::filesystem::directory_iterator(path)) {
            if (entry.path().extension() == ".sql") inside.push_back(entry.path().string());
        }
        std::sort(inside.begin(), inside.end());
        for (const auto& file : inside) files.push_back({file, read_text_input(file)});
    }
    return files;
}

}  // namespace chatcost::db
