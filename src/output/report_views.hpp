#pragma once
// What a command prints on stdout, as each view of report_view (format.hpp) shows it. Most
// reports are one value in every format. Some show people something else than what programs
// read: a bare line (`db url`), a script (`migrate up --dry-run`), a narrower table (`prices
// list`), or nothing (`seed apply -q` with nothing to do); and a report with several lists may
// give CSV, one list per file, the report whose list matters (`demo`). A command says what each
// view is; the format picks its view, so commands never test --format.

#include <optional>

#include "output/format.hpp"
#include "output/value.hpp"

namespace chatcost::output {

class report_views {
public:
    report_views(value whole) : whole_(std::move(whole)) {}  // implicit: every format prints it

    // Tables print `view` instead of the whole report.
    report_views& for_people(value view);
    // Tables print nothing: people asked for quiet and there is nothing to say.
    report_views& nothing_for_people();
    // CSV prints the primary list of `view` instead of the whole report's.
    report_views& as_one_list(value view);

    // What a format showing `which` prints; nullptr: nothing.
    const value* view(report_view which) const;
    const value& whole() const { return whole_; }

private:
    value whole_;
    std::optional<value> for_people_;
    bool nothing_for_people_ = false;
    std::optional<value> one_list_;
};

}  // namespace chatcost::output
