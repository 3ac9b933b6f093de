#pragma once
// Text that is not UTF-8: the encodings a plan may name (those iconv, and so
// GDAL's CPLRecode, knows), recoding to UTF-8, and the GB18030 guess behind
// the hint for a GBK file read without `encoding`.

#include <optional>
#include <string>
#include <string_view>

namespace lifecircle::io::detail {

// The encoding name as the plan should hold it ("gbk" -> "GBK", "utf8" ->
// "UTF-8"); std::nullopt when iconv cannot decode from it to UTF-8.
std::optional<std::string> known_encoding(std::string_view name);

// True for "UTF-8" (what known_encoding() returns for every spelling of it).
bool is_utf8_encoding(std::string_view encoding);

// `bytes` read in `encoding`, as UTF-8 (CPLRecode); characters that are not
// valid in the encoding come out as '?'.
std::string to_utf8(std::string_view bytes, const std::string& encoding);

// The bytes decoded as GB18030 when every byte sequence is valid GB18030 (a
// superset of GBK and GB2312), else std::nullopt.
std::optional<std::string> decode_gb18030(std::string_view bytes);

}  // namespace lifecircle::io::detail
