#include "ledger/rollup_groupings.hpp"

#include <fmt/format.h>

#include "util/failure.hpp"

namespace chatcost::ledger {

std::span<const rollup_grouping> rollup_groupings() {
    static const std::vector<rollup_grouping> table{
        {.name = "user",
         .query = "report_rollup_by_user",
         .list_key = "users",
         .key_columns = {{"user_id", "User id"}, {"username", "Username"}, {"name", "Name"}},
         .totals_label_key = "username",
         .counts_chats = true},
        {.name = "model",
         .query = "report_rollup_by_model",
         .list_key = "models",
         .key_columns = {{"model_config_id", "Model config id"},
                         {"display_name", "Display name"},
                         {"provider", "Provider"},
                         {"model", "Model"}},
         .totals_label_key = "display_name"},
        {.name = "provider",
         .query = "report_rollup_by_provider",
         .list_key = "providers",
         .key_columns = {{"provider", "Provider"}},
         .totals_label_key = "provider"},
        {.name = "chat",
         .query = "report_rollup_by_chat",
         .list_key = "chats",
         .key_columns = {{"root_chat_id", "Root chat id"}, {"title", "Title"}, {"owner", "Owner"}},
         .totals_label_key = "title"},
        {.name = "day",
         .query = "report_rollup_by_period",
         .period = db::calendar_unit::day,
         .list_key = "days",
         .key_columns = {{"day", "Day", "period"}},
         .totals_label_key = "day"},
        {.name = "week",
         .query = "report_rollup_by_period",
         .period = db::calendar_unit::week,
         .list_key = "weeks",
         .key_columns = {{"week", "Week", "period"}},
         .totals_label_key = "week"},
        {.name = "month",
         .query = "report_rollup_by_period",
         .period = db::calendar_unit::month,
         .list_key = "months",
         .key_columns = {{"month", "Month", "period"}},
         .totals_label_key = "month"},
    };
    return table;
}

const rollup_grouping& default_rollup_grouping() {
    return rollup_groupings().front();
}

const rollup_grouping& rollup_grouping_named(std::string_view name) {
    for (const auto& grouping : rollup_groupings()) {
        if (grouping.name == name) return grouping;
    }
    throw failure(exit_code::usage, fmt::format("unknown rollup grouping '{}'", name),
                  fmt::format("use one of: {}", fmt::join(rollup_grouping_names(), ", ")));
}

std::vector<std::string> rollup_grouping_names() {
    std::vector<std::string> names;
    for (const auto& grouping : rollup_groupings()) names.emplace_back(grouping.name);
    return names;
}

}  // namespace chatcost::ledger
