#include "png.hpp"

#include <zlib.h>

#include <cstdint>
#include <new>
#include <vector>

#include "lifecircle/util/error.hpp"

namespace lifecircle::map::detail {
namespace {

constexpr int kLevel = 3;

void put_u32(std::string& out, std::uint32_t v) {
  for (const int shift : {24, 16, 8, 0}) out.push_back(static_cast<char>((v >> shift) & 0xffu));
}

void put_chunk(std::string& out, const char (&type)[5], const unsigned char* data, std::size_t size) {
  put_u32(out, static_cast<std::uint32_t>(size));
  const std::size_t at = out.size();
  out.append(type, 4);
  if (size > 0) out.append(reinterpret_cast<const char*>(data), size);
  const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(out.data() + at), static_cast<uInt>(size + 4));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

}  // namespace

std::string encode_png(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  if (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_RGB24)
    throw Error("map: PNG needs an RGB24 image");
  const int width = cairo_image_surface_get_width(surface), height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* pixels = cairo_image_surface_get_data(surface);
  if (!pixels || width <= 0 || height <= 0) throw Error("map: empty image");

  // Filter type 0 (none) then R, G, B per pixel; Cairo keeps a pixel as one
  // native-endian 32-bit word 0x00RRGGBB.
  const std::size_t row_bytes = 1 + 3 * static_cast<std::size_t>(width);
  std::vector<unsigned char> raw(row_bytes * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    const auto* in = reinterpret_cast<const std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride);
    unsigned char* out = raw.data() + static_cast<std::size_t>(y) * row_bytes;
    *out++ = 0;
    for (int x = 0; x < width; ++x) {
      const std::uint32_t p = in[x];
      *out++ = static_cast<unsigned char>(p >> 16);
      *out++ = static_cast<unsigned char>(p >> 8);
      *out++ = static_cast<unsigned char>(p);
    }
  }

  z_stream z{};
  const int started = deflateInit(&z, kLevel);
  if (started == Z_MEM_ERROR) throw std::bad_alloc();
  if (started != Z_OK) throw Error("map: cannot start PNG compression");
  std::vector<unsigned char> packed(deflateBound(&z, static_cast<uLong>(raw.size())));
  z.next_in = raw.data();
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = packed.data();
  z.avail_out = static_cast<uInt>(packed.size());
  const int status = deflate(&z, Z_FINISH);
  const std::size_t packed_size = packed.size() - z.avail_out;
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw Error("map: PNG compression failed");

  std::string png = "\x89PNG\r\n\x1a\n";
  unsigned char header[13] = {};
  for (int i = 0; i < 4; ++i) {
    header[i] = static_cast<unsigned char>((static_cast<std::uint32_t>(width) >> (24 - 8 * i)) & 0xffu);
    header[4 + i] = static_cast<unsigned char>((static_cast<std::uint32_t>(height) >> (24 - 8 * i)) & 0xffu);
  }
  header[8] = 8;  // bits per channel
  header[9] = 2;  // truecolour
  png.reserve(packed_size + 64);
  put_chunk(png, "IHDR", header, sizeof header);
  put_chunk(png, "IDAT", packed.data(), packed_size);
  put_chunk(png, "IEND", nullptr, 0);
  return png;
}

}  // namespace lifecircle::map::detail
