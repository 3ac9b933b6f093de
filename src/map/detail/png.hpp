#pragma once
// PNG encoding of a drawn page.

#include <cairo.h>

#include <string>

namespace lifecircle::map::detail {

// An RGB24 image surface as an 8-bit RGB PNG. Rows go unfiltered into zlib at
// level 3: on maps (large flat areas, thin antialiased lines) this came out
// smaller than Cairo's own writer (libpng's adaptive filters at level 6) and
// about twice as fast. Throws Error for another surface format.
std::string encode_png(cairo_surface_t* surface);

}  // namespace lifecircle::map::detail
