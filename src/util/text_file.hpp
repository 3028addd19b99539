#pragma once
// Whole text files in and out, for commands that take `--from FILE|-` or write `-o FILE`.

#include <string>
#include <string_view>

namespace chatcost {

// The whole content of `path`, or of standard input when path is "-". Throws
// failure(usage) when the file cannot be read, naming it and the reason.
std::string read_text_input(const std::string& path);

// Writes `text` to `path` through a temporary file in the same directory, renamed into place,
// so that a reader (or an interrupted run) never sees half a file. Throws failure(internal)
// when the system refuses.
void write_text_file_atomically(const std::string& path, std::string_view text);

}  // namespace chatcost
