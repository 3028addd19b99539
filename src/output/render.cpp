#include "output/render.hpp"

namespace chatcost::output {

void render(std::ostream& out, const report_views& report, format which, const render_options& options) {
    const auto& spec = spec_of(which);
    if (const value* shown = report.view(spec.shows)) spec.render(out, *shown, options);
}

void render(std::ostream& out, const value& report, format which, const render_options& options) {
    spec_of(which).render(out, report, options);  // one value: every view is the report
}

}  // namespace chatcost::output
