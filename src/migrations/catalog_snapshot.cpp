#include "migrations/catalog_snapshot.hpp"

#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"

namespace chatcost::db {

catalog_snapshot take_catalog_snapshot(pqxx::transaction_base& tx) {
    catalog_snapshot snapshot;
    for (const auto& row : tx.exec(std::string(query("catalog_snapshot")))) {
        snapshot.objects[{row["kind"].as<std::string>(), row["object"].as<std::string>()}] =
            row["definition"].as<std::string>();
    }
    return snapshot;
}

std::vector<catalog_difference> compare_catalogs(const catalog_snapshot& expected,
                                                 const catalog_snapshot& actual) {
    std::vector<catalog_difference> differences;
    auto e = expected.objects.begin();
    auto a = actual.objects.begin();
    while (e != expected.objects.end() || a != actual.objects.end()) {
        if (a == actual.objects.end() || (e != expected.objects.end() && e->first < a->first)) {
            differences.push_back({e->first.first, e->first.second, e->second, std::nullopt});
            ++e;
        } else if (e == expected.objects.end() || a->first < e->first) {
            differences.push_back({a->first.first, a->first.second, std::nullopt, a->second});
            ++a;
        } else {
            if (e->second != a->second)
                differences.push_back({e->first.first, e->first.second, e->second, a->second});
            ++e, ++a;
        }
    }
    return differences;
}

}  // namespace chatcost::db
