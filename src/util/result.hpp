#pragma once
// A value, or why there is none. Ordinary bad input (a price as written, a --since date) is a
// result, not an exception: a caller checking a million rows reports each bad one and carries
// on, and a caller that cannot go on throws with the message. std::expected is C++23 (not in
// GCC 12), hence this one; the message is always text that names what is wrong.

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace chatcost {

template <typename T>
class result {
public:
    result(T value) : outcome_(std::in_place_index<0>, std::move(value)) {}  // implicit: `return value;`
    static result failure(std::string message) { return result(failed{std::move(message)}); }

    bool ok() const noexcept { return outcome_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    // Throws std::logic_error when !ok(): reading a value that is not there is a bug.
    const T& value() const& {
        require_value();
        return std::get<0>(outcome_);
    }
    T value() && {
        require_value();
        return std::get<0>(std::move(outcome_));
    }

    // Names what is wrong; empty when ok().
    const std::string& error() const noexcept {
        static const std::string none;
        return ok() ? none : std::get<1>(outcome_);
    }

private:
    struct failed {
        std::string message;
    };
    explicit result(failed why) : outcome_(std::in_place_index<1>, std::move(why.message)) {}

    void require_value() const {
        if (!ok()) throw std::logic_error("result::value() on a failure: " + std::get<1>(outcome_));
    }

    std::variant<T, std::string> outcome_;
};

}  // namespace chatcost
