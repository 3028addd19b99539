#include "ledger/required_privileges.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/sql_array.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

// Read by require_current_schema before anything else; listed so that each list is complete.
constexpr privilege read_schema_state{"SELECT", "chatcost_schema_migrations", ""};

// What price_catalog_configs.sql and price_catalog_periods.sql read to price a message.
constexpr privilege read_configs{"SELECT", "chat_model_configs", ""};
constexpr privilege read_price_book{"SELECT", "ai_model_prices", ""};
constexpr privilege read_price_periods{"SELECT", "chatcost_price_periods", ""};
// price_refs_lookup.sql (a dry run) and price_refs_register.sql read the refs.
constexpr privilege read_price_refs{"SELECT", "chatcost_price_refs", ""};

std::string_view kind_name(object_kind kind) {
    return kind == object_kind::sequence ? "sequence" : "table";
}

// "UPDATE (total_cost_micros)" or "INSERT".
std::string privilege_text(const privilege& p) {
    return p.column.empty() ? std::string(p.name) : fmt::format("{} ({})", p.name, p.column);
}

}  // namespace

std::vector<privilege> backfill_privileges(bool writing) {
    // The batches are read with xmin, the row version the write compares against: a system column
    // that only a table-wide SELECT covers (short of granting SELECT (xmin)), hence SELECT on the
    // whole table rather than on the columns read.
    std::vector<privilege> needed{read_schema_state,  {"SELECT", "chat_messages", ""},
                                  read_configs,       read_price_book,
                                  read_price_periods, read_price_refs};
    if (!writing) return needed;
    // backfill_write_batch*.sql set the cost and its ref; their WHERE reads others, covered by
    // SELECT above. price_refs_register.sql inserts the refs of the prices loaded (an identity
    // column: no sequence privilege needed).
    needed.push_back({"UPDATE", "chat_messages", "total_cost_micros"});
    needed.push_back({"UPDATE", "chat_messages", "cost_price_ref"});
    needed.push_back({"INSERT", "chatcost_price_refs", ""});
    // The run's bookkeeping (backfill_run_store): a run is inserted, then updated batch by batch;
    // per-model sums and problems are upserted (ON CONFLICT DO UPDATE reads the stored row), and a
    // resumed run reads them back.
    for (std::string_view table :
         {"chatcost_backfill_runs", "chatcost_backfill_run_models", "chatcost_backfill_run_problems"}) {
        for (std::string_view name : {"SELECT", "INSERT", "UPDATE"}) needed.push_back({name, table, ""});
    }
    needed.push_back({"USAGE", "chatcost_backfill_runs_id_seq", "", object_kind::sequence});  // the run's id
    return needed;
}

std::vector<privilege> seed_apply_privileges(bool writing) {
    std::vector<privilege> needed{read_schema_state, read_price_book, read_price_periods};
    // price_book_apply.sql: INSERT ... ON CONFLICT DO UPDATE, compared with the open default
    // periods first. Its trigger (migration 0012, not SECURITY DEFINER) writes the periods as the
    // role that writes the row.
    if (writing)
        needed.insert(needed.end(), {{"INSERT", "ai_model_prices", ""},
                                     {"UPDATE", "ai_model_prices", ""},
                                     {"INSERT", "chatcost_price_periods", ""},
                                     {"UPDATE", "chatcost_price_periods", ""}});
    return needed;
}

std::vector<privilege> custom_price_privileges() {
    auto needed = seed_apply_privileges(true);
    // prices unset of a model without a default price deletes its row (price_custom_unset_delete.sql).
    needed.push_back({"DELETE", "ai_model_prices", ""});
    return needed;
}

std::string describe_privileges(const std::vector<privilege>& privileges) {
    // Grouped by object, objects in the order first named: "SELECT, INSERT on t; USAGE on sequence s".
    std::vector<std::pair<const privilege*, std::string>> groups;
    for (const auto& p : privileges) {
        auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
            return g.first->object == p.object && g.first->kind == p.kind;
        });
        if (group == groups.end()) {
            groups.emplace_back(&p, privilege_text(p));
        } else {
            group->second += ", " + privilege_text(p);
        }
    }
    std::string text;
    for (const auto& [first, names] : groups) {
        if (!text.empty()) text += "; ";
        text += first->kind == object_kind::sequence ? fmt::format("{} on sequence {}", names, first->object)
                                                     : fmt::format("{} on {}", names, first->object);
    }
    return text;
}

privilege_check check_privileges(pqxx::connection& connection, const std::vector<privilege>& needed) {
    std::vector<std::string> names, objects, columns, kinds;
    for (const auto& p : needed) {
        names.emplace_back(p.name);
        objects.emplace_back(p.object);
        columns.emplace_back(p.column);
        kinds.emplace_back(kind_name(p.kind));
    }
    pqxx::read_transaction tx(connection);
    auto rows = tx.exec_params(std::string(query("privileges_missing")), text_array(names),
                               text_array(objects), text_array(columns), text_array(kinds));
    privilege_check check;
    for (const auto& row : rows) {
        check.role = row["role_name"].c_str();
        auto position = row["position"].as<std::size_t>();  // 1-based, into `needed`
        if (position >= 1 && position <= needed.size()) check.missing.push_back(needed[position - 1]);
    }
    return check;
}

void require_privileges(pqxx::connection& connection, std::string_view what,
                        const std::vector<privilege>& needed) {
    auto check = check_privileges(connection, needed);
    if (check.missing.empty()) return;
    auto command = what.substr(0, what.find(' '));
    throw failure(
        exit_code::database,
        fmt::format("{}: role \"{}\" lacks {}", what, check.role, describe_privileges(check.missing)),
        fmt::format("ask the database owner to GRANT them (see PRIVILEGES in chatcost-{}(1))", command));
}

}  // namespace chatcost::db
