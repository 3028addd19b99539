#include "db/conninfo.hpp"

#include <libpq-fe.h>
#include <array>
#include <memory>

#include <fmt/format.h>

#include "db/secret_scrubber.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

// How libpq (15) begins the messages of a connection it refuses to start: options it cannot use,
// a service it cannot read. Nothing was sent anywhere, so the string itself is wrong.
constexpr std::array connection_string_faults = {
    "invalid sslmode value",
    "invalid gssencmode value",
    "invalid channel_binding value",
    "invalid target_session_attrs value",
    "invalid load_balance_hosts value",
    "invalid ssl_min_protocol_version value",
    "invalid ssl_max_protocol_version value",
    "invalid SSL protocol version range",
    "invalid sslcertmode value",
    "invalid require_auth",
    "invalid port number",
    "invalid integer value",
    "invalid connection option",
    "could not match ",
    "could not parse network address",
    "sslmode value ",
    "gssencmode value ",
    "definition of service ",
    "service file ",
    "syntax error in service file ",
    "nested service specifications ",
};

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
        std::string why = libpq_message(error ? error : "out of memory", conninfo);
        PQfreemem(error);
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

std::string libpq_message(std::string_view message, std::string_view conninfo) {
    std::string text(message);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    // libpq indents its second lines with a tab ("\n\tIs the server running ...?").
    for (auto tab = text.find('\t'); tab != std::string::npos; tab = text.find('\t', tab)) {
        text.replace(tab, 1, tab > 0 && text[tab - 1] == '\n' ? "  " : " ");
    }
    // It may quote the password alone, however short ("forbidden value %00 ...: \"S3c%00ret\"").
    secret_scrubber known;
    for (const auto& spelling : password_spellings(conninfo)) {
        const auto quoted = "\"" + spelling + "\"";
        for (auto at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at + 1)) {
            text.replace(at, quoted.size(), "\"****\"");
        }
        known.add(spelling);
    }
    return known.scrub(text);
}

bool is_connection_string_error(std::string_view libpq_message) {
    for (std::string_view fault : connection_string_faults) {
        if (libpq_message.starts_with(fault)) return true;
    }
    return libpq_message.find(" in service file \"") != std::string_view::npos;
}

std::string mask_password(std::string_view conninfo) {
    return mask_connection_passwords(conninfo);
}

}  // namespace chatcost::db
