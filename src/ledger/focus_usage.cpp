#include "ledger/focus_usage.hpp"

#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"
#include "ledger/price_catalog.hpp"
#include "migrations/schema_state.hpp"

namespace chatcost::db {

namespace {

using snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

// The level a ref names: the option holding it, at the tier it records. A ref's `above` is the
// level's above_context, so the level is the one a context of above + 1 chooses.
std::optional<cost::price_level> level_of_ref(const priced_config& config, std::int64_t ref) {
    for (const auto& option : config.options) {
        if (option.resolution.status != cost::resolution_status::resolved) continue;
        for (const auto& [above, id] : option.refs) {
            if (id == ref) return option.resolution.schedule.level_for(above + 1);
        }
    }
    return std::nullopt;
}

// A priced message without a ref: the price in force at its created_at, at its context's tier.
std::optional<cost::price_level> level_in_force(const priced_config& config, const focus_usage_group& message,
                                                std::int64_t created_at) {
    const auto& resolution = config.at(created_at).option->resolution;
    if (resolution.status != cost::resolution_status::resolved) return std::nullopt;
    return resolution.schedule.level_for(message.input + message.cache_read + message.cache_write);
}

void find_price(const price_catalog& catalog, focus_usage_group& group, std::int64_t created_at) {
    const priced_config* config = group.config_id ? catalog.find(*group.config_id) : nullptr;
    if (config)
        group.level = group.price_ref ? level_of_ref(*config, *group.price_ref)
                                      : level_in_force(*config, group, created_at);
    group.status = group.level ? focus_price_status::priced : focus_price_status::price_not_found;
}

}  // namespace

focus_usage read_focus_usage(pqxx::connection& connection, const range_request& request) {
    snapshot tx(connection);
    require_current_schema(tx);
    focus_usage usage;
    usage.range = resolve_range(tx, request);
    auto catalog = price_catalog::load(tx);
    catalog.register_refs(tx, false);  // look the ids up only: an export writes nothing
    const auto rows = tx.exec_params(std::string(query("export_focus_usage")), usage.range.since_param,
                                     usage.range.until_param, usage.range.timezone);
    for (const auto& row : rows) {
        usage.billing_account = row["billing_account"].as<std::string>();
        focus_usage_group group;
        group.user_id = row["user_id"].as<std::string>();
        group.username = row["username"].as<std::string>();
        group.day = row["day"].as<std::string>();
        group.day_start = row["day_start"].as<std::string>();
        group.day_end = row["day_end"].as<std::string>();
        group.month_start = row["month_start"].as<std::string>();
        group.month_end = row["month_end"].as<std::string>();
        group.config_id = optional_text(row["model_config_id"]);
        group.provider = optional_text(row["provider"]);
        group.model = optional_text(row["model"]);
        if (!row["cost_price_ref"].is_null()) group.price_ref = row["cost_price_ref"].as<std::int64_t>();
        group.input = row["input_tokens"].as<std::int64_t>();
        group.output = row["output_tokens"].as<std::int64_t>();
        group.reasoning = row["reasoning_tokens"].as<std::int64_t>();
        group.cache_read = row["cache_read_tokens"].as<std::int64_t>();
        group.cache_write = row["cache_creation_tokens"].as<std::int64_t>();
        group.ledger_micros = row["ledger_micros"].as<std::int64_t>();
        group.messages = row["messages"].as<std::int64_t>();
        if (row["priced"].as<bool>())
            find_price(catalog, group, row["first_created_micros"].as<std::int64_t>());
        usage.groups.push_back(std::move(group));
    }
    tx.commit();
    return usage;
}

}  // namespace chatcost::db
