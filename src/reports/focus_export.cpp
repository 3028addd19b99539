#include "reports/focus_export.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "cost/exact_units.hpp"
#include "reports/usage_fields.hpp"

namespace chatcost::reports {

namespace {

using db::focus_price_status;
using db::focus_usage_group;

constexpr attodollars attodollars_per_micro = 1'000'000'000'000;

// A usage row before it is written: rows of one user, day, config, category, unit price and
// status are one row.
struct usage_line {
    const focus_usage_group* group = nullptr;  // the first group: user, day, model
    std::string category;
    std::optional<std::int64_t> unit_price;  // cost::price units (1e-12 USD per 1M tokens)
    std::string status;                      // x_CostStatus
    std::int64_t tokens = 0;
    attodollars cost = 0;
};

struct category_tokens {
    const char* name;
    cost::priced_line line;
    std::int64_t tokens;
};

// A group's lines: rule 9 splits reasoning out of output only when the level has a reasoning
// price; without one (or without a known level) reasoning stays inside output (rule 3).
std::array<category_tokens, 5> categories_of(const focus_usage_group& group) {
    const bool split = group.level && group.level->is_known(cost::priced_line::reasoning);
    return {{{"input", cost::priced_line::input, group.input},
             {"output", cost::priced_line::output, split ? group.output - group.reasoning : group.output},
             {"reasoning", cost::priced_line::reasoning, split ? group.reasoning : 0},
             {"cache_read", cost::priced_line::cache_read, group.cache_read},
             {"cache_write", cost::priced_line::cache_write, group.cache_write}}};
}

const char* status_name(focus_price_status status) {
    switch (status) {
        case focus_price_status::priced:
            return "priced";
        case focus_price_status::unpriced:
            return "unpriced";
        case focus_price_status::price_not_found:
            return "price_not_found";
    }
    return "unpriced";
}

void add_lines(std::vector<usage_line>& lines, const focus_usage_group& group) {
    for (const auto& category : categories_of(group)) {
        if (category.tokens == 0) continue;  // FOCUS: a Usage row consumes a positive quantity
        usage_line line{&group, category.name, std::nullopt, status_name(group.status), category.tokens, 0};
        if (group.level) {
            if (group.level->is_known(category.line)) {
                line.unit_price = group.level->units[static_cast<std::size_t>(category.line)];
                line.cost = static_cast<attodollars>(category.tokens) * *line.unit_price;
            } else {
                line.status = "no_price";  // rule 4: a category without a price adds 0
            }
        }
        auto same = [&](const usage_line& other) {
            return other.group->config_id == group.config_id && other.category == line.category &&
                   other.unit_price == line.unit_price && other.status == line.status;
        };
        auto found = std::find_if(lines.begin(), lines.end(), same);
        if (found == lines.end()) {
            lines.push_back(std::move(line));
        } else {
            found->tokens += line.tokens;
            found->cost += line.cost;
        }
    }
}

std::string model_name(const focus_usage_group& group) {
    if (!group.provider) return "no model config";
    return *group.provider + "/" + *group.model;
}

output::value common_row(const focus_usage_group& group, const std::string& billing_account,
                         attodollars cost) {
    auto row = output::value::object();
    const auto amount = output::value::decimal(usd_text(cost));
    row.add("BilledCost", amount);
    row.add("BillingAccountId", output::value::text(billing_account));
    row.add("BillingAccountName", output::value::text(billing_account));
    row.add("BillingCurrency", output::value::text("USD"));
    row.add("BillingPeriodEnd", output::value::text(group.month_end));
    row.add("BillingPeriodStart", output::value::text(group.month_start));
    return row;
}

output::value usage_row(const usage_line& line, const std::string& billing_account) {
    const auto& group = *line.group;
    const std::string model = model_name(group);
    const std::string provider = group.provider.value_or("unknown");
    const std::string sku = model + "/" + line.category;
    std::optional<std::string> unit;
    if (line.unit_price) unit = usd_text(*line.unit_price);
    auto row = common_row(group, billing_account, line.cost);
    row.add("ChargeCategory", output::value::text("Usage"));
    row.add("ChargeClass", output::value::null());
    row.add("ChargeDescription", output::value::text(fmt::format("{} {} tokens", model, line.category)));
    row.add("ChargeFrequency", output::value::text("Usage-Based"));
    row.add("ChargePeriodEnd", output::value::text(group.day_end));
    row.add("ChargePeriodStart", output::value::text(group.day_start));
    row.add("ConsumedQuantity", output::value::decimal(std::to_string(line.tokens)));
    row.add("ConsumedUnit", output::value::text("Tokens"));
    row.add("ContractedCost", output::value::decimal(usd_text(line.cost)));
    row.add("ContractedUnitPrice", output::value::decimal(unit));
    row.add("EffectiveCost", output::value::decimal(usd_text(line.cost)));
    row.add("InvoiceIssuerName", output::value::text(provider));
    row.add("ListCost", output::value::decimal(usd_text(line.cost)));
    row.add("ListUnitPrice", output::value::decimal(unit));
    row.add("PricingCategory", output::value::text("Standard"));
    row.add("PricingQuantity", output::value::decimal(std::to_string(line.tokens)));
    row.add("PricingUnit", output::value::text("Tokens"));
    row.add("ProviderName", output::value::text(provider));
    row.add("PublisherName", output::value::text(provider));
    row.add("ServiceCategory", output::value::text("AI and Machine Learning"));
    row.add("ServiceName", output::value::text(model));
    row.add("SkuId", output::value::text(sku));
    row.add("SkuPriceId",
            output::value::text(unit ? std::optional<std::string>(sku + "@" + *unit) : std::nullopt));
    row.add("SubAccountId", output::value::text(group.user_id));
    row.add("SubAccountName", output::value::text(group.username));
    auto tags = output::value::object();
    if (group.config_id) tags.add("chatcost_model_config_id", output::value::text(*group.config_id));
    row.add("Tags", std::move(tags));
    row.add("x_CostStatus", output::value::text(line.status));
    row.add("x_TokenCategory", output::value::text(line.category));
    return row;
}

// What the ledger's rounding (each message up once) and any price no longer known add to the
// day's exact lines: no quantity, no unit price, no SKU (FOCUS allows them null here).
output::value adjustment_row(const focus_usage_group& group, const std::string& billing_account,
                             attodollars amount) {
    auto row = common_row(group, billing_account, amount);
    row.add("ChargeCategory", output::value::text("Adjustment"));
    row.add("ChargeClass", output::value::null());
    row.add("ChargeDescription",
            output::value::text("Rounding: the ledger rounds each message's cost up to the micro-dollar"));
    row.add("ChargeFrequency", output::value::text("Usage-Based"));
    row.add("ChargePeriodEnd", output::value::text(group.day_end));
    row.add("ChargePeriodStart", output::value::text(group.day_start));
    for (const char* key : {"ConsumedQuantity", "ConsumedUnit"}) row.add(key, output::value::null());
    row.add("ContractedCost", output::value::decimal(usd_text(amount)));
    row.add("ContractedUnitPrice", output::value::null());
    row.add("EffectiveCost", output::value::decimal(usd_text(amount)));
    row.add("InvoiceIssuerName", output::value::text("chatcost"));
    row.add("ListCost", output::value::decimal(usd_text(amount)));
    for (const char* key : {"ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit"}) {
        row.add(key, output::value::null());
    }
    row.add("ProviderName", output::value::text("chatcost"));
    row.add("PublisherName", output::value::text("chatcost"));
    row.add("ServiceCategory", output::value::text("AI and Machine Learning"));
    row.add("ServiceName", output::value::text("chatcost"));
    row.add("SkuId", output::value::null());
    row.add("SkuPriceId", output::value::null());
    row.add("SubAccountId", output::value::text(group.user_id));
    row.add("SubAccountName", output::value::text(group.username));
    row.add("Tags", output::value::object());
    row.add("x_CostStatus", output::value::text("rounding"));
    row.add("x_TokenCategory", output::value::null());
    return row;
}

// The lines of one user and day, and what the ledger holds for them.
struct user_day {
    std::vector<const focus_usage_group*> groups;  // adjacent in the usage, by provider and model
    std::vector<usage_line> lines;
    attodollars ledger = 0;  // the ledger's costs, each message rounded up once
    attodollars exact = 0;   // the lines' exact sum

    // The Adjustment row's amount: what the ledger's rounding (and prices no longer known) add.
    attodollars adjustment() const { return ledger - exact; }
};

std::vector<user_day> user_days(const db::focus_usage& usage) {
    std::vector<user_day> days;
    const auto& groups = usage.groups;
    for (std::size_t first = 0; first < groups.size();) {
        // The groups of one user and day are adjacent (export_focus_usage.sql orders them so).
        user_day day;
        std::size_t end = first;
        while (end < groups.size() && groups[end].user_id == groups[first].user_id &&
               groups[end].day == groups[first].day) {
            day.groups.push_back(&groups[end]);
            add_lines(day.lines, groups[end]);
            day.ledger += static_cast<attodollars>(groups[end].ledger_micros) * attodollars_per_micro;
            ++end;
        }
        for (const auto& line : day.lines) day.exact += line.cost;
        days.push_back(std::move(day));
        first = end;
    }
    return days;
}

// Whole micro-dollars for people, rounded up as the ledger rounds (a cost above zero never
// reads as none); null past int64.
std::optional<std::int64_t> micros_rounded_up(attodollars amount) {
    attodollars micros = amount / attodollars_per_micro;
    if (amount > 0 && amount % attodollars_per_micro != 0) ++micros;
    if (micros > std::numeric_limits<std::int64_t>::max() ||
        micros < std::numeric_limits<std::int64_t>::min())
        return std::nullopt;
    return static_cast<std::int64_t>(micros);
}

output::value totals_for_programs(const std::vector<user_day>& days) {
    attodollars billed = 0;
    std::int64_t usage_rows = 0;
    std::int64_t adjustment_rows = 0;
    std::int64_t messages = 0;
    std::int64_t unpriced = 0;
    for (const auto& day : days) {
        billed += day.ledger;  // the exact lines plus the adjustment
        usage_rows += static_cast<std::int64_t>(day.lines.size());
        if (day.adjustment() != 0) ++adjustment_rows;
        for (const auto* group : day.groups) {
            messages += group->messages;
            if (group->status == focus_price_status::unpriced) unpriced += group->messages;
        }
    }
    auto totals = output::value::object();
    // The cost columns' sums: every row's four costs are equal, and so are their sums.
    for (const char* column : {"BilledCost", "ContractedCost", "EffectiveCost", "ListCost"})
        totals.add(column, output::value::decimal(usd_text(billed)));
    totals.add("cost_micros", output::value::money(micros_rounded_up(billed)));  // whole: the ledger's
    totals.add("rows", output::value::count(usage_rows + adjustment_rows));
    totals.add("usage_rows", output::value::count(usage_rows));
    totals.add("adjustment_rows", output::value::count(adjustment_rows));
    totals.add("messages", output::value::count(messages));
    totals.add("unpriced_messages", output::value::count(unpriced));
    return totals;
}

// One line of the summary for people: a model's rows of one user and day, summed.
struct summary_line {
    const focus_usage_group* group = nullptr;  // the model's first group
    std::int64_t messages = 0;
    std::int64_t unpriced = 0;
    std::int64_t tokens = 0;
    attodollars cost = 0;
};

output::value summary_row(const focus_usage_group& first, const std::string& provider,
                          const std::string& model, std::optional<std::int64_t> cost_micros,
                          std::optional<std::int64_t> unpriced, std::optional<std::int64_t> messages,
                          std::optional<std::int64_t> tokens) {
    auto row = output::value::object();
    row.add("day", output::value::text(first.day));
    row.add("user_id", output::value::text(first.user_id));
    row.add("username", output::value::text(first.username));
    row.add("provider", output::value::text(provider));
    row.add("model", output::value::text(model));
    row.add("cost_micros", output::value::money(cost_micros));
    row.add("unpriced_messages", output::value::count(unpriced));
    row.add("messages", output::value::count(messages));
    row.add("tokens", output::value::tokens(tokens));
    return row;
}

output::value summary_for_people(const db::focus_usage& usage, const std::vector<user_day>& days) {
    auto report = output::value::object();
    report.add("range", range_value(usage.range.shown, report_audience::people));
    // Below 100 columns the provider and the messages make way (details): the model's own name is
    // what tells lines apart, and "anthropic/claude-…" cut to fit would not.
    auto lines = output::value::rows({{"day", "Day"},
                                      {"user_id", "User id"},
                                      {"username", "User"},
                                      {"provider", "Provider", true},
                                      {"model", "Model"},
                                      {"cost_micros", "Cost"},
                                      {"unpriced_messages", "Unpriced"},
                                      {"messages", "Messages", true},
                                      {"tokens", "Tokens"}});
    std::int64_t rows = 0;
    std::int64_t messages = 0;
    std::int64_t unpriced = 0;
    std::int64_t tokens = 0;
    attodollars billed = 0;
    for (const auto& day : days) {
        std::vector<summary_line> models;  // in the usage's order: by provider and model
        // FOCUS's ServiceName: configs of the same provider and model are one line.
        auto model_line = [&](const focus_usage_group& group) -> summary_line& {
            auto found = std::find_if(models.begin(), models.end(), [&](const summary_line& line) {
                return line.group->provider == group.provider && line.group->model == group.model;
            });
            if (found != models.end()) return *found;
            return models.emplace_back(summary_line{&group});
        };
        for (const auto* group : day.groups) {
            auto& line = model_line(*group);
            line.messages += group->messages;
            if (group->status == focus_price_status::unpriced) line.unpriced += group->messages;
        }
        for (const auto& usage_line : day.lines) {
            auto& line = model_line(*usage_line.group);
            line.tokens += usage_line.tokens;
            line.cost += usage_line.cost;
        }
        const auto& first = *day.groups.front();
        for (const auto& line : models) {
            // Only unpriced messages: unknown, never $0 (the rows' 0 is FOCUS's rule, not a price).
            auto cost = line.unpriced == line.messages ? std::nullopt : micros_rounded_up(line.cost);
            lines.append(summary_row(first, line.group->provider.value_or("-"),
                                     line.group->model.value_or("(no model config)"), cost, line.unpriced,
                                     line.messages, line.tokens));
            messages += line.messages;
            unpriced += line.unpriced;
            tokens += line.tokens;
        }
        rows += static_cast<std::int64_t>(day.lines.size());
        if (day.adjustment() != 0) {
            lines.append(summary_row(first, "chatcost", "Adjustment (rounding)",
                                     micros_rounded_up(day.adjustment()), std::nullopt, std::nullopt,
                                     std::nullopt));
            ++rows;
        }
        billed += day.ledger;
    }
    report.add("rows", output::value::count(rows), "Rows in the export");
    report.add("billed_cost", output::value::money(micros_rounded_up(billed)), "Billed cost (= rollup)");
    report.add("unpriced_messages", output::value::count(unpriced), "Unpriced messages");
    auto totals = output::value::object();
    totals.add("day", output::value::text("Total"));
    totals.add("cost_micros", output::value::money(micros_rounded_up(billed)));
    totals.add("unpriced_messages", output::value::count(unpriced));
    totals.add("messages", output::value::count(messages));
    totals.add("tokens", output::value::tokens(tokens));
    report.add_rows("lines", std::move(lines), std::move(totals), "By day, user and model");
    return report;
}

}  // namespace

const std::vector<std::string>& focus_columns() {
    static const std::vector<std::string> columns{
        "BilledCost",        "BillingAccountId",   "BillingAccountName", "BillingCurrency",
        "BillingPeriodEnd",  "BillingPeriodStart", "ChargeCategory",     "ChargeClass",
        "ChargeDescription", "ChargeFrequency",    "ChargePeriodEnd",    "ChargePeriodStart",
        "ConsumedQuantity",  "ConsumedUnit",       "ContractedCost",     "ContractedUnitPrice",
        "EffectiveCost",     "InvoiceIssuerName",  "ListCost",           "ListUnitPrice",
        "PricingCategory",   "PricingQuantity",    "PricingUnit",        "ProviderName",
        "PublisherName",     "ServiceCategory",    "ServiceName",        "SkuId",
        "SkuPriceId",        "SubAccountId",       "SubAccountName",     "Tags",
        "x_CostStatus",      "x_TokenCategory"};
    return columns;
}

std::string usd_text(attodollars amount) {
    const bool negative = amount < 0;
    // 2^127 > 1.7e38: the magnitude of any amount this program makes fits in 128 bits signed.
    auto magnitude = static_cast<cost::exact_units>(negative ? -amount : amount);
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
        magnitude /= 10;
    } while (magnitude > 0);
    if (digits.size() < 19) digits.insert(0, 19 - digits.size(), '0');
    std::string whole = digits.substr(0, digits.size() - 18);
    std::string fraction = digits.substr(digits.size() - 18);
    while (fraction.size() > 12 && fraction.back() == '0') fraction.pop_back();
    return (negative ? "-" : "") + whole + "." + fraction;
}

output::value focus_rows(const db::focus_usage& usage) {
    std::vector<output::column> columns(focus_columns().begin(), focus_columns().end());
    auto rows = output::value::rows(std::move(columns));
    for (const auto& day : user_days(usage)) {
        for (const auto& line : day.lines) rows.append(usage_row(line, usage.billing_account));
        if (day.adjustment() != 0)
            rows.append(adjustment_row(*day.groups.front(), usage.billing_account, day.adjustment()));
    }
    return rows;
}

output::report_views focus_export_report(const db::focus_usage& usage) {
    const auto days = user_days(usage);
    auto whole = output::value::object();
    whole.add("output_version", output::value::integer(focus_export_output_version));
    whole.add("focus_version", output::value::text("1.2"));
    whole.add("range", range_value(usage.range.shown, report_audience::programs));
    // The database's name comes with the rows: a range without any has none to say.
    whole.add("billing_account", usage.billing_account.empty() ? output::value::null()
                                                               : output::value::text(usage.billing_account));
    auto rows = focus_rows(usage);
    whole.add("rows", rows);
    whole.add("totals", totals_for_programs(days));
    output::report_views views(std::move(whole));
    views.as_one_list(std::move(rows));
    views.for_people(summary_for_people(usage, days));
    return views;
}

}  // namespace chatcost::reports
