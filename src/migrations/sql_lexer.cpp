#include "migrations/sql_lexer.hpp"

#include <algorithm>

namespace chatcost::db {

namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// Letters, '_' and any byte of a multi-byte UTF-8 character, as PostgreSQL's scanner has it.
bool ident_start(char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}
bool ident_char(char c) {
    return ident_start(c) || is_digit(c) || c == '$';
}

class lexer {
public:
    explicit lexer(std::string_view source) : src_(source) {}

    sql_lex_result run() {
        while (pos_ < src_.size() && !result_.error) step();
        return std::move(result_);
    }

private:
    char at(std::size_t i) const { return i < src_.size() ? src_[i] : '\0'; }

    // Moves to `end`, counting the lines passed.
    void advance_to(std::size_t end) {
        for (; pos_ < end && pos_ < src_.size(); ++pos_) {
            if (src_[pos_] == '\n') ++line_;
        }
    }

    void emit(sql_token_kind kind, std::size_t end) {
        sql_token token{kind, std::string(src_.substr(pos_, end - pos_)), pos_, line_};
        advance_to(end);
        result_.tokens.push_back(std::move(token));
    }

    void fail(std::string message) { result_.error = sql_lex_error{line_, std::move(message)}; }

    void step() {
        char c = src_[pos_];
        if (is_space(c)) return advance_to(pos_ + 1);
        if (c == '-' && at(pos_ + 1) == '-') return advance_to(std::min(src_.find('\n', pos_), src_.size()));
        if (c == '/' && at(pos_ + 1) == '*') return block_comment();
        if (c == '\'') return quoted(sql_token_kind::string, pos_, '\'', false, "quoted string");
        if (c == '"') return quoted(sql_token_kind::quoted_identifier, pos_, '"', false, "quoted identifier");
        if (c == '$') return dollar();
        if (is_digit(c) || (c == '.' && is_digit(at(pos_ + 1)))) return number();
        if (ident_start(c)) return word_or_prefixed_string();
        if (c == ':' && at(pos_ + 1) == ':') return emit(sql_token_kind::symbol, pos_ + 2);
        if (c == ';') return emit(sql_token_kind::semicolon, pos_ + 1);
        emit(sql_token_kind::symbol, pos_ + 1);
    }

    void block_comment() {
        int depth = 0;
        for (std::size_t i = pos_; i + 1 < src_.size(); ++i) {
            if (src_[i] == '/' && src_[i + 1] == '*') {
                ++depth, ++i;
            } else if (src_[i] == '*' && src_[i + 1] == '/') {
                ++i;
                if (--depth == 0) return advance_to(i + 1);
            }
        }
        fail("unterminated /* comment");
    }

    // A constant or identifier from `start` (its prefix included) whose body opens at pos_ +
    // (quote position); a doubled quote stands for itself, and with `backslashes` \x escapes x.
    void quoted(sql_token_kind kind, std::size_t quote_at, char quote, bool backslashes, const char* what) {
        for (std::size_t i = quote_at + 1; i < src_.size(); ++i) {
            if (backslashes && src_[i] == '\\') {
                ++i;
            } else if (src_[i] == quote) {
                if (at(i + 1) == quote) {
                    ++i;
                } else {
                    return emit(kind, i + 1);
                }
            }
        }
        fail(std::string("unterminated ") + what);
    }

    // $1 is a parameter; $tag$ ... $tag$ (tag possibly empty) a dollar-quoted string.
    void dollar() {
        if (is_digit(at(pos_ + 1))) {
            std::size_t end = pos_ + 1;
            while (is_digit(at(end))) ++end;
            return emit(sql_token_kind::parameter, end);
        }
        std::size_t tag_end = pos_ + 1;
        if (ident_start(at(tag_end))) {
            while (tag_end < src_.size() && ident_char(src_[tag_end]) && src_[tag_end] != '$') ++tag_end;
        }
        if (at(tag_end) != '$') return emit(sql_token_kind::symbol, pos_ + 1);
        auto delimiter = src_.substr(pos_, tag_end + 1 - pos_);
        auto close = src_.find(delimiter, tag_end + 1);
        if (close == std::string_view::npos)
            return fail("unterminated dollar-quoted string " + std::string(delimiter));
        emit(sql_token_kind::string, close + delimiter.size());
    }

    void number() {
        std::size_t end = pos_;
        while (is_digit(at(end)) || at(end) == '_') ++end;
        if (at(end) == '.' && at(end + 1) != '.') {
            ++end;
            while (is_digit(at(end)) || at(end) == '_') ++end;
        }
        if ((at(end) == 'e' || at(end) == 'E') &&
            (is_digit(at(end + 1)) ||
             ((at(end + 1) == '+' || at(end + 1) == '-') && is_digit(at(end + 2))))) {
            end += 2;
            while (is_digit(at(end))) ++end;
        }
        emit(sql_token_kind::number, end);
    }

    void word_or_prefixed_string() {
        char c = lower(src_[pos_]);
        char next = at(pos_ + 1);
        if (c == 'e' && next == '\'')
            return quoted(sql_token_kind::string, pos_ + 1, '\'', true, "quoted string");
        if ((c == 'b' || c == 'x' || c == 'n') && next == '\'') {
            return quoted(sql_token_kind::string, pos_ + 1, '\'', false, "quoted string");
        }
        if (c == 'u' && next == '&' && at(pos_ + 2) == '\'') {
            return quoted(sql_token_kind::string, pos_ + 2, '\'', false, "quoted string");
        }
        if (c == 'u' && next == '&' && at(pos_ + 2) == '"') {
            return quoted(sql_token_kind::quoted_identifier, pos_ + 2, '"', false, "quoted identifier");
        }
        std::size_t end = pos_ + 1;
        while (end < src_.size() && ident_char(src_[end])) ++end;
        emit(sql_token_kind::word, end);
    }

    std::string_view src_;
    std::size_t pos_ = 0;
    int line_ = 1;
    sql_lex_result result_;
};

}  // namespace

bool sql_token::is(std::string_view keyword) const {
    if (kind != sql_token_kind::word || text.size() != keyword.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (lower(text[i]) != lower(keyword[i])) return false;
    }
    return true;
}

std::string sql_token::name() const {
    if (kind == sql_token_kind::word) {
        std::string out = text;
        for (auto& c : out) c = lower(c);
        return out;
    }
    if (kind != sql_token_kind::quoted_identifier) return text;
    auto open = text.find('"');
    std::string out;
    for (std::size_t i = open + 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '"') ++i;  // "" stands for one "
    }
    return out;
}

sql_lex_result lex_sql(std::string_view source) {
    return lexer(source).run();
}

}  // namespace chatcost::db
