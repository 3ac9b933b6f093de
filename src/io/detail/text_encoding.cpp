#include "text_encoding.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <iconv.h>

#include <cctype>
#include <cerrno>
#include <memory>
#include <vector>

#include "lifecircle/io/detail/field_values.hpp"

namespace lifecircle::io::detail {
namespace {

constexpr std::string_view kUtf8 = "UTF-8";

// An iconv descriptor closed on scope exit.
class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  // iconv_open() says "failed" with (iconv_t)-1, a pointer made from an integer.
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  bool ok() const noexcept { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const noexcept { return cd_; }

 private:
  iconv_t cd_;
};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> known_encoding(std::string_view name) {
  const std::string canonical = upper(trim(name));
  if (canonical.empty()) return std::nullopt;
  if (canonical == "UTF-8" || canonical == "UTF8") return std::string(kUtf8);
  if (!Iconv(kUtf8.data(), canonical.c_str()).ok()) return std::nullopt;
  return canonical;
}

bool is_utf8_encoding(std::string_view encoding) { return encoding == kUtf8; }

std::string to_utf8(std::string_view bytes, const std::string& encoding) {
  if (bytes.empty() || is_utf8_encoding(encoding)) return std::string(bytes);
  const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);  // "could not be converted" is shown as '?'
  const std::string text(bytes);
  const std::unique_ptr<char, decltype(&CPLFree)> recoded(
      CPLRecode(text.c_str(), encoding.c_str(), CPL_ENC_UTF8), &CPLFree);
  return recoded ? std::string(recoded.get()) : std::string();
}

std::optional<std::string> decode_gb18030(std::string_view bytes) {
  const Iconv cd(kUtf8.data(), "GB18030");
  if (!cd.ok()) return std::nullopt;
  std::string in(bytes);
  std::vector<char> out(bytes.size() * 4 + 4);
  char* in_ptr = in.data();
  std::size_t in_left = in.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  if (iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1) ||
      in_left != 0) {
    return std::nullopt;
  }
  return std::string(out.data(), out.size() - out_left);
}

}  // namespace lifecircle::io::detail
