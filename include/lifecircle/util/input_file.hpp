#pragma once
// Inputs are read from regular files only. A FIFO, a character device
// (/dev/zero, /dev/stdin), a socket or a directory given as an input path
// would block a reader for ever or feed it without end; this check refuses
// them before anything opens the path (stat, never open).

#include <filesystem>
#include <string_view>

namespace lifecircle {

enum class DirectoryInput {
  refused,  // a file format: a directory is an error
  allowed,  // a GDAL dataset, which may be a folder (Esri File Geodatabase .gdb, a folder of shapefiles)
};

// Throws InputError naming `path` and what it is when `path` exists and is
// not a regular file (symlinks are followed), e.g.
//   "/tmp/fifo: the roads file is a FIFO (named pipe), not a regular file".
// `what` names the input ("roads file", "plan file", "towns layer").
// A path that does not exist passes: the caller reports it in its own words,
// and GDAL connection strings ("PG:dbname=...") are no files. GDAL virtual
// paths (/vsizip/..., /vsicurl/...) pass unchecked.
void require_regular_file(const std::filesystem::path& path, std::string_view what,
                          DirectoryInput directories = DirectoryInput::refused);

}  // namespace lifecircle
