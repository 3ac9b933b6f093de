#pragma once
// Outputs are written to a temporary name beside the target and renamed into
// place only when complete, so an interrupted run never leaves half a file.

#include <filesystem>
#include <string>

namespace lifecircle {

class AtomicFile {
 public:
  // Picks "<dir>/.<name>.tmp-<pid>-<n>" beside target. Nothing is created yet.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::filesystem::path& temp_path() const noexcept { return temp_; }
  const std::filesystem::path& target() const noexcept { return target_; }

  // fsyncs the temporary file and renames it over the target.
  // Throws OutputError when that fails.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

// Writes text to path atomically. Throws OutputError.
void write_file_atomically(const std::filesystem::path& path, const std::string& contents);

}  // namespace lifecircle
