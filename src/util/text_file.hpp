#pragma once
// Whole text files in and out, for commands that take `--from FILE|-` or write `-o FILE`.

#include <string>
#include <string_view>

namespace chatcost {

// The whole content of `path`, or of standard input when path is "-". Throws
// failure(usage) when the file cannot be read, naming it and the reason.
std::string read_text_input(const std::string& path);

// Writes `text` to `path` through a temporary file in the same directory (`path.tmp-XXXXXX`),
// written whole, fsync'ed and renamed into place, so that a reader, a full disk or an
// interrupted run never leaves half a file: on failure the temporary file is removed and the
// old file is left as it was. The new file keeps the old one's mode. A path naming a device or
// a pipe (/dev/stdout) is written in place. Throws failure(internal) "cannot write PATH: why".
void write_text_file_atomically(const std::string& path, std::string_view text);

}  // namespace chatcost
