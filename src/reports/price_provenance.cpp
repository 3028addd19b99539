#include "reports/price_provenance.hpp"

#include <fmt/format.h>

#include "output/display.hpp"

namespace chatcost::reports {

namespace {

using output::value;

std::string period_dates(const std::optional<std::string>& from, const std::optional<std::string>& until) {
    if (!from) return "";
    return until ? fmt::format(", in force from {} until {}", *from, *until)
                 : fmt::format(", in force from {} (still in force)", *from);
}

std::string tier_text(const std::optional<std::int64_t>& size) {
    return size ? fmt::format(", the tier above {} context tokens", *size) : ", the base prices";
}

std::string in_force_description(const db::stored_message& message, const db::priced_config* config,
                                 const db::price_in_force& in_force) {
    if (!config) return "none: the message has no model config";
    const auto& option = *in_force.option;
    if (config->own_prices) {
        return option.resolution.status == cost::resolution_status::invalid
                   ? "model config (invalid)"
                   : "model config prices (model-config prices have no history: the config's current prices)";
    }
    if (!option.period) {
        return config->periods.empty()
                   ? fmt::format("none: the config sets no price and the price book has no price for {}/{}",
                                 config->provider, config->model)
                   : fmt::format("none: no price of {}/{} was in force at {} (a gap in its history)",
                                 config->provider, config->model, message.created_at);
    }
    const auto& period = *option.period;
    auto text = fmt::format("price book {}/{}, {} price (period {}){}", config->provider, config->model,
                            period.custom ? "custom" : "default", period.id,
                            period_dates(period.valid_from_text, period.valid_until_text));
    if (in_force.before_first) text += "; before the first recorded price: the earliest known price is used";
    return text;
}

std::string stored_description(const db::stored_message& message) {
    if (!message.price_ref) {
        return message.total_cost_micros ? "none recorded (the cost was written without a price ref)"
                                         : "none (no stored cost)";
    }
    const auto& ref = *message.price_ref;
    if (!ref.found) return fmt::format("ref {}: not in chatcost_price_refs", ref.id);
    if (ref.key.source == "config") {
        return fmt::format("model config prices {}{}", ref.key.config_prices.value_or(""),
                           tier_text(ref.key.tier_size));
    }
    return fmt::format("price book, {} price (period {}){}{}", ref.key.source, ref.key.period_id.value_or(0),
                       period_dates(ref.valid_from, ref.valid_until), tier_text(ref.key.tier_size));
}

}  // namespace

value price_provenance(const db::stored_message& message, const db::priced_config* config,
                       const db::price_in_force& in_force, const cost::cost_result& result) {
    auto out = value::object();
    const db::price_option* option = config ? in_force.option : nullptr;
    const auto* period = option && option->period ? &*option->period : nullptr;
    std::optional<std::string> source;
    if (period) source = period->custom ? "custom" : "default";
    if (config && config->own_prices) source = "config";
    out.add("price_in_force_source", value::text(source));
    out.add("price_in_force_description", value::text(in_force_description(message, config, in_force)),
            "Price in force");
    out.add("price_in_force_period_id", value::integer(period ? std::optional(period->id) : std::nullopt));
    out.add("price_in_force_valid_from",
            value::timestamp(period ? std::optional(period->valid_from_text) : std::nullopt));
    out.add("price_in_force_valid_until", value::timestamp(period ? period->valid_until_text : std::nullopt));
    out.add("before_first_price", value::boolean(in_force.before_first), "Before the first price");

    const auto& ref = message.price_ref;
    const bool ref_known = ref && ref->found;
    out.add("stored_price_ref", value::integer(ref ? std::optional(ref->id) : std::nullopt));
    out.add("stored_price_source", value::text(ref_known ? std::optional(ref->key.source) : std::nullopt));
    out.add("stored_price_period_id", value::integer(ref_known ? ref->key.period_id : std::nullopt));
    out.add("stored_price_valid_from", value::timestamp(ref_known ? ref->valid_from : std::nullopt));
    out.add("stored_price_valid_until", value::timestamp(ref_known ? ref->valid_until : std::nullopt));
    out.add("stored_price_tier_size", value::integer(ref_known ? ref->key.tier_size : std::nullopt));
    out.add("stored_price_description", value::text(stored_description(message)), "Stored cost priced by");

    // The ref the price in force would write, to compare with the stored one.
    std::optional<db::price_ref_key> in_force_key;
    const auto* priced = result.priced();
    if (option && priced && config) {
        const auto& level = option->resolution.schedule.level_for(cost::context_tokens(message.usage));
        in_force_key = option->ref_key(config->id, level.above_context);
    }
    const std::optional<db::price_ref_key> stored_key = ref_known ? std::optional(ref->key) : std::nullopt;
    const bool ref_matches = (!ref || ref->found) && stored_key == in_force_key;
    const bool invalid = result.invalid() != nullptr;
    const bool cost_matches = !invalid && message.total_cost_micros == result.micros();
    std::string check;
    if (invalid) {
        check = "the message cannot be priced (invalid): no cost to compare";
    } else if (!message.total_cost_micros && !priced) {
        check = "yes: unpriced, and no price in force prices it";
    } else if (!message.total_cost_micros) {
        check = "no: not priced yet (backfill prices it)";
    } else if (!cost_matches) {
        check = priced
                    ? fmt::format("no: the price in force gives {} (backfill --recompute rewrites it)",
                                  output::format_money(priced->micros))
                    : "no: the price in force leaves the message unpriced (backfill --recompute clears it)";
    } else if (ref_matches) {
        check = "yes: the stored cost is the price in force's";
    } else {
        check =
            "yes, the cost; but another price is recorded behind it (backfill --recompute records this one)";
    }
    out.add("matches_price_in_force", invalid ? value::null() : value::boolean(cost_matches),
            "Stored cost matches the price in force");
    out.add("price_ref_matches", invalid ? value::null() : value::boolean(ref_matches));
    out.add("price_check", value::text(check), "Price check");
    return out;
}

}  // namespace chatcost::reports
