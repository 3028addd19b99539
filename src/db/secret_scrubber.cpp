#include "db/secret_scrubber.hpp"

#include <algorithm>
#include <cctype>

namespace chatcost::db {

namespace {

constexpr std::string_view mask = "****";

enum class secret_form { userinfo, url_query, key_value };

// Where a password sits in a text: [begin, end) is replaced by the mask.
struct secret_span {
    std::size_t begin;
    std::size_t end;
    secret_form form;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool ends_with_password(std::string_view word) {
    constexpr std::string_view key = "password";
    if (word.size() < key.size()) return false;
    auto tail = word.substr(word.size() - key.size());
    return std::equal(tail.begin(), tail.end(), key.begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

// scheme://user:password@host: the authority runs to the first / ? # after its first @ (a
// password may hold a raw / that libpq would reject), or to the first whitespace: a quoted URL's
// closing quote may be part of the password. Its last @ ends the password, so that a raw @ in
// the password is masked too.
void find_userinfo_passwords(std::string_view text, std::vector<secret_span>& spans) {
    for (auto scheme_end = text.find("://"); scheme_end != std::string_view::npos;
         scheme_end = text.find("://", scheme_end + 3)) {
        const auto start = scheme_end + 3;
        auto word_end = start;
        while (word_end < text.size() && !is_space(text[word_end])) ++word_end;
        const auto first_at = text.substr(0, word_end).find('@', start);
        if (first_at == std::string_view::npos) continue;
        auto authority_end = text.substr(0, word_end).find_first_of("/?#", first_at);
        if (authority_end == std::string_view::npos) authority_end = word_end;
        const auto last_at = text.substr(0, authority_end).rfind('@');
        const auto colon = text.substr(0, last_at).find(':', start);
        if (colon != std::string_view::npos) spans.push_back({colon + 1, last_at, secret_form::userinfo});
    }
}

std::size_t quoted_value_end(std::string_view text, std::size_t open) {
    const char quote = text[open];
    auto at = open + 1;
    while (at < text.size() && text[at] != quote) at += text[at] == '\\' ? 2 : 1;
    return std::min(at + 1, text.size());
}

// password=value, sslpassword = 'va lue', ?password=value&...: libpq skips spaces around the =.
void find_keyword_passwords(std::string_view text, std::vector<secret_span>& spans) {
    std::size_t at = 0;
    while (at < text.size()) {
        if (!is_word(text[at])) {
            ++at;
            continue;
        }
        auto word_end = at;
        while (word_end < text.size() && is_word(text[word_end])) ++word_end;
        auto value = word_end;
        while (value < text.size() && (text[value] == ' ' || text[value] == '\t')) ++value;
        if (!ends_with_password(text.substr(at, word_end - at)) || value >= text.size() ||
            text[value] != '=') {
            at = word_end;
            continue;
        }
        ++value;
        while (value < text.size() && (text[value] == ' ' || text[value] == '\t')) ++value;
        const bool in_query = at > 0 && (text[at - 1] == '?' || text[at - 1] == '&');
        auto end = value;
        if (end < text.size() && (text[end] == '\'' || text[end] == '"')) {
            end = quoted_value_end(text, end);
        } else {
            while (end < text.size() && !is_space(text[end]) && !(in_query && text[end] == '&')) ++end;
        }
        spans.push_back({value, end, in_query ? secret_form::url_query : secret_form::key_value});
        at = end;
    }
}

// Sorted, overlapping spans merged: a text can hold a password= inside a URL's userinfo.
std::vector<secret_span> find_passwords(std::string_view text) {
    std::vector<secret_span> spans;
    find_userinfo_passwords(text, spans);
    find_keyword_passwords(text, spans);
    std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    std::vector<secret_span> merged;
    for (const auto& span : spans) {
        if (!merged.empty() && span.begin <= merged.back().end) {
            merged.back().end = std::max(merged.back().end, span.end);
        } else {
            merged.push_back(span);
        }
    }
    return merged;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// %XX decoded where it is well formed; anything else kept as written.
std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
            hex_digit(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

// 'it\'s' -> it's, as libpq reads a quoted key=value value.
std::string unquoted(std::string_view text) {
    if (text.empty() || (text.front() != '\'' && text.front() != '"')) return std::string(text);
    std::string out;
    for (std::size_t i = 1; i < text.size() && text[i] != text.front(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        out.push_back(text[i]);
    }
    return out;
}

}  // namespace

std::string mask_connection_passwords(std::string_view text) {
    std::string out;
    std::size_t copied = 0;
    for (const auto& span : find_passwords(text)) {
        out.append(text.substr(copied, span.begin - copied));
        out.append(mask);
        copied = span.end;
    }
    out.append(text.substr(copied));
    return out;
}

std::vector<std::string> password_spellings(std::string_view conninfo) {
    std::vector<std::string> spellings;
    auto keep = [&spellings](std::string spelling) {
        if (!spelling.empty() && std::find(spellings.begin(), spellings.end(), spelling) == spellings.end())
            spellings.push_back(std::move(spelling));
    };
    for (const auto& span : find_passwords(conninfo)) {
        auto raw = conninfo.substr(span.begin, span.end - span.begin);
        keep(std::string(raw));
        keep(span.form == secret_form::key_value ? unquoted(raw) : percent_decoded(raw));
    }
    return spellings;
}

void secret_scrubber::add(std::string secret) {
    if (secret.size() < 3 || std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
    secrets_.push_back(std::move(secret));
    // Longest first, so that a secret containing another is replaced whole.
    std::sort(secrets_.begin(), secrets_.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string secret_scrubber::scrub(std::string_view text) const {
    std::string out = mask_connection_passwords(text);
    for (const auto& secret : secrets_) {
        for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + mask.size())) {
            out.replace(at, secret.size(), mask);
        }
    }
    return out;
}

}  // namespace chatcost::db
