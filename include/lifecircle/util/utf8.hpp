#pragma once
// The one UTF-8 decoder of lifecircle (RFC 3629): well-formed means no stray
// continuation byte, no truncated sequence, no overlong form, no surrogate
// (U+D800..U+DFFF) and nothing above U+10FFFF.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lifecircle {

// Decodes the code point starting at text[i] and advances i past it;
// std::nullopt (i unchanged) when the bytes there are not well-formed UTF-8.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i);

// Appends the UTF-8 form of `cp` (a Unicode scalar value) to `out`.
void append_utf8(std::string& out, char32_t cp);

// True when the bytes are well-formed UTF-8.
bool is_utf8(std::string_view text);

// The number of characters (code points) of well-formed UTF-8 text.
std::size_t utf8_length(std::string_view text);

}  // namespace lifecircle
