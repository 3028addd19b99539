#include "output/format.hpp"

#include <fmt/format.h>

#include "output/render.hpp"
#include "util/failure.hpp"

namespace chatcost::output {

namespace {

void json_renderer(std::ostream& out, const value& report, const render_options&) {
    render_json(out, report);
}

void csv_renderer(std::ostream& out, const value& report, const render_options& options) {
    render_csv(out, report, options.to_terminal);
}

}  // namespace

std::span<const format_spec> formats() {
    static constexpr format_spec table[] = {
        {format::table, "table", report_view::for_people, render_table},
        {format::json, "json", report_view::whole, json_renderer},
        {format::csv, "csv", report_view::one_list, csv_renderer},
    };
    return table;
}

const format_spec& spec_of(format which) {
    for (const auto& spec : formats()) {
        if (spec.which == which) return spec;
    }
    return formats().front();  // every format has a row
}

format parse_format(std::string_view name) {
    for (const auto& spec : formats()) {
        if (spec.name == name) return spec.which;
    }
    throw failure(exit_code::usage, fmt::format("unknown format '{}'", name),
                  fmt::format("use one of: {}", fmt::join(format_names(), ", ")));
}

std::string_view to_string(format which) {
    return spec_of(which).name;
}

std::vector<std::string> format_names() {
    std::vector<std::string> names;
    for (const auto& spec : formats()) names.emplace_back(spec.name);
    return names;
}

}  // namespace chatcost::output
