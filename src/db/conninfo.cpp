#include "db/conninfo.hpp"

#include <libpq-fe.h>
#include <memory>

#include <fmt/format.h>

#include "util/failure.hpp"

namespace chatcost::db {

namespace {

constexpr std::string_view mask = "****";

bool is_url(std::string_view s) {
    return s.starts_with("postgresql://") || s.starts_with("postgres://");
}

// postgresql://user:secret@host/db?password=secret -> postgresql://user:****@host/db?password=****
std::string mask_url(std::string_view url) {
    std::string out(url);
    auto scheme_end = out.find("://") + 3;
    auto authority_end = out.find_first_of("/?", scheme_end);
    if (authority_end == std::string::npos) authority_end = out.size();
    auto at = out.rfind('@', authority_end);
    if (at != std::string::npos && at > scheme_end) {
        auto colon = out.find(':', scheme_end);
        if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, mask);
    }
    auto query = out.find('?');
    while (query != std::string::npos) {
        auto key = query + 1;
        if (out.compare(key, 9, "password=") == 0) {
            auto value = key + 9;
            auto end = out.find('&', value);
            out.replace(value, (end == std::string::npos ? out.size() : end) - value, mask);
        }
        query = out.find('&', key);
    }
    return out;
}

// Masks the value after each "password" key; values may be quoted with '...' and \-escapes.
std::string mask_key_value(std::string_view text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        auto found = text.find("password", i);
        if (found == std::string_view::npos) break;
        bool starts_word = found == 0 || text[found - 1] == ' ' || text[found - 1] == '\t';
        size_t j = found + 8;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
        if (!starts_word || j >= text.size() || text[j] != '=') {
            out.append(text.substr(i, found + 8 - i));
            i = found + 8;
            continue;
        }
        ++j;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
        out.append(text.substr(i, j - i));
        size_t end = j;
        if (end < text.size() && text[end] == '\'') {
            ++end;
            while (end < text.size() && text[end] != '\'') end += text[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, text.size());
        } else {
            while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
        }
        out.append(mask);
        i = end;
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

std::string quote_value(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

}  // namespace

conninfo_params parse_conninfo(const std::string& conninfo) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
    if (!options) {
        std::string why = error ? error : "out of memory";
        PQfreemem(error);
        while (!why.empty() && why.back() == '\n') why.pop_back();
        throw failure(exit_code::usage,
                      fmt::format("invalid connection string '{}': {}", mask_password(conninfo), why),
                      "give a URL like postgresql://user@host/dbname or key=value pairs like "
                      "'host=/run/postgresql dbname=chat'");
    }
    conninfo_params params;
    for (auto* option = options.get(); option->keyword; ++option) {
        if (option->val) params.emplace_back(option->keyword, option->val);
    }
    return params;
}

std::string to_conninfo(const conninfo_params& params) {
    std::string out;
    for (const auto& [key, value] : params) {
        if (!out.empty()) out.push_back(' ');
        out += key + "=" + quote_value(value);
    }
    return out;
}

std::optional<std::string> find_param(const conninfo_params& params, std::string_view key) {
    for (const auto& [k, v] : params) {
        if (k == key) return v;
    }
    return std::nullopt;
}

void set_param(conninfo_params& params, const std::string& key, const std::string& value) {
    for (auto& [k, v] : params) {
        if (k == key) {
            v = value;
            return;
        }
    }
    params.emplace_back(key, value);
}

std::string mask_password(std::string_view conninfo) {
    return is_url(conninfo) ? mask_url(conninfo) : mask_key_value(conninfo);
}

}  // namespace chatcost::db
