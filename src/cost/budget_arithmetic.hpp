#pragma once
// The money of a spend budget (`chatcost budget`), exactly: an amount typed in dollars read into
// whole micro-dollars, how much of the budget is spent, the spend projected to the end of the
// period, and whether it passed the soft or the hard threshold. Integers only (128 bits where a
// product needs them), so no rounding happens but the ones written here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace chatcost::cost {

// A budget in dollars: "12.50", "$12.50", "1000", "0.000001". The grammar is JSON's number
// grammar after an optional '$' (no '+', no leading zeros, no ".5" or "5."); refused, each with a
// message that quotes the text: an exponent ("1e3"), a minus sign, 0 (a budget is above $0), a
// nonzero digit past the sixth decimal (micro-dollars are the unit; zeros past it are fine), and
// an amount above INT64_MAX micro-dollars ($9223372036854.775807).
result<std::int64_t> parse_dollar_amount(std::string_view text);

// The share of the budget spent, in tenths of a percent, rounded down (so that 99.96% is not
// shown as 100.0%): 1234 is 123.4%. Saturates at INT64_MAX. `budget_micros` is above 0.
std::int64_t spent_per_mille(std::int64_t spend_micros, std::int64_t budget_micros);

// "123.4" from 1234, "0.0" from 0.
std::string per_mille_text(std::int64_t per_mille);

// The spend at the end of the period if it goes on at the rate so far:
// spend x period / elapsed, rounded up to a whole micro-dollar (saturating at INT64_MAX).
// Nothing elapsed yet (elapsed <= 0) projects the spend itself; so does elapsed >= period.
std::int64_t projected_spend(std::int64_t spend_micros, std::int64_t elapsed_micros,
                             std::int64_t period_micros);

enum class budget_state { ok, soft, over };

// "ok", "soft", "over": stable, for JSON.
std::string_view budget_state_name(budget_state state) noexcept;

// over: the spend reached the budget (spend >= budget: nothing is left); soft: it reached
// soft_percent % of it (spend x 100 >= budget x soft_percent); else ok.
budget_state budget_state_of(std::int64_t spend_micros, std::int64_t budget_micros,
                             std::optional<std::int64_t> soft_percent);

}  // namespace chatcost::cost
