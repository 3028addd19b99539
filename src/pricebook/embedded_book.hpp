#pragma once
// The committed price book (seed/ai_model_prices.json), compiled into the binary by
// seed/meson.build: what `chatcost seed apply` applies by default, and where `estimate` looks a
// model up without a database.

#include <optional>
#include <span>
#include <string_view>

#include "pricebook/price_book.hpp"
#include "util/embedded_file.hpp"

namespace chatcost::pricebook {

// Generated: the files under seed/ ("ai_model_prices.json").
std::span<const embedded_file> embedded_price_book();

// The book's JSON text, as committed.
std::string_view embedded_price_book_text();

// The book's entries, sorted by (provider, model); parsed once, on first use. Throws
// failure(internal) if the committed book is invalid (a test keeps that from shipping).
std::span<const price_book_entry> embedded_book_entries();

// The entry for (provider, model) in the embedded book, or nullopt. Pure: no database, no I/O.
std::optional<price_book_entry> find_in_embedded_book(std::string_view provider, std::string_view model);

}  // namespace chatcost::pricebook
