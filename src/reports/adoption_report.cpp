#include "reports/adoption_report.hpp"

namespace chatcost::reports {

using output::value;

output::value adoption_report(const std::string& database, const db::adoption_result& result) {
    auto accepted = value::rows({"table", "accepted"});
    for (const auto& finding : result.check.accepted) {
        accepted.append(value::object(
            {{"table", value::text(finding.table)}, {"accepted", value::text(finding.message)}}));
    }
    auto steps = value::rows({"version", "name", "action", "transaction", "duration_ms", "attempts"});
    for (const auto& r : result.migration.done) {
        const bool adopted = r.step.direction == db::migration_direction::adopt;
        steps.append(value::object({{"version", value::integer(r.step.m->version)},
                                    {"name", value::text(r.step.m->name)},
                                    {"action", value::text(adopted ? "adopted" : "applied")},
                                    {"transaction", value::boolean(adopted || r.step.script().transactional)},
                                    {"duration_ms", value::integer(r.duration_ms)},
                                    {"attempts", value::count(r.attempts)}}));
    }
    auto report = value::object();
    report.add("database", value::text(database));
    report.add("schema_version", value::integer(result.migration.after.version));
    report.add("schema", value::text(result.migration.after.description()));
    report.add("accepted", std::move(accepted));
    report.add("migrations", std::move(steps));
    return report;
}

}  // namespace chatcost::reports
