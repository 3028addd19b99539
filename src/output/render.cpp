#include "output/render.hpp"

#include <unistd.h>

namespace chatcost::output {

void render(std::ostream& out, const report_views& report, format which, const render_options& options) {
    const auto& spec = spec_of(which);
    if (const value* shown = report.view(spec.shows)) spec.render(out, *shown, options);
}

void render(std::ostream& out, const value& report, format which, const render_options& options) {
    spec_of(which).render(out, report, options);  // one value: every view is the report
}

render_options table_options_for(int fd, const table_flags& flags, const environment_lookup& environment) {
    render_options options;
    options.color = should_use_color(fd, flags.no_color, environment);
    options.width = terminal_width(fd, environment);
    options.compact = flags.compact || (options.width && *options.width < compact_below_columns);
    options.show_ids = flags.ids;
    options.charts = options.width.has_value() && !flags.no_chart;
    options.unicode = utf8_locale(environment);
    auto no_color = environment("NO_COLOR");
    options.block_bars = options.unicode && !flags.no_color && !(no_color && !no_color->empty());
    options.to_terminal = ::isatty(fd) == 1;
    return options;
}

}  // namespace chatcost::output
