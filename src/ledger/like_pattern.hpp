#pragma once
// User text inside a LIKE/ILIKE pattern, matched literally.

#include <string>
#include <string_view>

namespace chatcost::db {

// A pattern that matches any text containing `text`, for `... ILIKE $n ESCAPE E'\\'`:
// '%', '_' and '\' in `text` are escaped with '\', so they match only themselves.
// contains_pattern("50%_off") == "%50\\%\\_off%". The pattern is a query parameter, never
// pasted into SQL.
std::string contains_pattern(std::string_view text);

}  // namespace chatcost::db
