#include "ledger/price_timeline.hpp"

namespace chatcost::db {

std::optional<period_choice> choose_period(std::span<const book_period> periods, std::int64_t at) noexcept {
    // A model has a handful of periods: a scan is cheaper than any index over them.
    std::optional<std::size_t> custom, fallback, earliest;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        const auto& period = periods[i];
        if (period.contains(at)) (period.custom ? custom : fallback) = i;
        if (!earliest) {
            earliest = i;
            continue;
        }
        const auto& best = periods[*earliest];
        if (period.valid_from < best.valid_from ||
            (period.valid_from == best.valid_from && period.custom && !best.custom)) {
            earliest = i;
        }
    }
    if (custom) return period_choice{*custom, false};
    if (fallback) return period_choice{*fallback, false};
    if (earliest && at < periods[*earliest].valid_from) return period_choice{*earliest, true};
    return std::nullopt;
}

std::optional<std::size_t> open_period(std::span<const book_period> periods) noexcept {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        if (periods[i].valid_until) continue;
        if (!found || (periods[i].custom && !periods[*found].custom)) found = i;
    }
    return found;
}

}  // namespace chatcost::db
