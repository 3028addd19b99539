#include "output/render.hpp"

namespace chatcost::output {

void render(std::ostream& out, const value& report, format which, const render_options& options) {
    switch (which) {
        case format::table:
            render_table(out, report, options);
            return;
        case format::json:
            render_json(out, report);
            return;
        case format::csv:
            render_csv(out, report);
            return;
    }
}

}  // namespace chatcost::output
