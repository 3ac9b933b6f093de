#include "lifecircle/io/osm_roads.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <osmium/io/any_input.hpp>
#include <osmium/io/detail/input_format.hpp>
#include <osmium/osm/location.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/version.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/walkability.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/geo.hpp"
#include "lifecircle/util/input_file.hpp"

// Two passes over the file: pass 1 reads the ways and keeps the node lists of
// the walkable ones; pass 2 reads the nodes and keeps the coordinates of only
// the nodes those ways use. Memory stays proportional to the walking network,
// and the file need not be sorted.

namespace lifecircle::io {
namespace {

using NodeId = osmium::object_id_type;

class OsmTags final : public TagLookup {
 public:
  explicit OsmTags(const osmium::TagList& tags) : tags_(tags) {}
  const char* get(std::string_view key) const override {
    for (const osmium::Tag& tag : tags_) {
      if (key == tag.key()) return tag.value();
    }
    return nullptr;
  }

 private:
  const osmium::TagList& tags_;
};

// A way's id and a hash of its content (node list and tags, in any tag order),
// to tell identical copies of a way from different ways under one id.
struct WayFingerprint {
  std::int64_t id = 0;
  std::uint64_t content = 0;
};

// FNV-1a, 64 bits.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 14695981039346656037ULL) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::uint64_t content_hash(const osmium::Way& way) {
  std::uint64_t hash = fnv1a("nodes");
  for (const osmium::NodeRef& ref : way.nodes()) {
    const std::int64_t id = ref.ref();
    hash = fnv1a(std::string_view(reinterpret_cast<const char*>(&id), sizeof id), hash);
  }
  std::uint64_t tags = 0;  // a sum: the same tags in another order are the same way
  for (const osmium::Tag& tag : way.tags()) {
    tags += fnv1a(tag.value(), fnv1a(std::string_view(tag.key(), std::strlen(tag.key()) + 1)));
  }
  return hash ^ (tags * 0x9E3779B97F4A7C15ULL);
}

// Pass 1: the walkable ways, their node lists stored flat.
struct WalkableWays {
  std::vector<std::int64_t> way_ids;
  std::vector<std::size_t> first_ref{0};  // way_ids.size() + 1 offsets into refs
  std::vector<NodeId> refs;
  std::uint64_t ways_seen = 0;               // distinct ways
  std::vector<WayFingerprint> fingerprints;  // every way of the file, walkable or not
  std::uint64_t duplicates = 0;              // identical copies of ways, dropped
};

// Pass 2: coordinates of the needed nodes; an invalid location means missing.
struct NodeTable {
  std::vector<NodeId> ids;  // sorted, unique
  std::vector<osmium::Location> locations;
  std::uint64_t duplicates = 0;  // identical copies of needed nodes, dropped

  std::optional<std::size_t> slot_of(NodeId id) const {
    const auto it = std::lower_bound(ids.begin(), ids.end(), id);
    if (it == ids.end() || *it != id) return std::nullopt;
    return static_cast<std::size_t>(it - ids.begin());
  }
};

// libosmium 2.19's PBF parser reads straight from the file descriptor the
// Reader opened and closes it at the end of PBFParser::run only: when a blob
// is corrupt or the file ends early, run throws, and neither the parser (its
// destructor is defaulted) nor the Reader (a DummyDecompressor for PBF) closes
// it. Every bad PBF leaked a descriptor; a long run over bad inputs (the
// osm_pbf fuzzer, after ~26k) ended in "Too many open files". This wrapper
// closes it on the error path and lets the error travel on unchanged.
class PbfParserClosingOnError final : public osmium::io::detail::Parser {
 public:
  PbfParserClosingOnError(osmium::io::detail::parser_arguments& args, std::unique_ptr<Parser> parser)
      : Parser(args), parser_(std::move(parser)), fd_(args.fd) {}

  void run() override {
    try {
      parser_->run();
    } catch (...) {
      if (fd_ >= 0) ::close(fd_);
      // Parser::parse also hands the error to the header promise, which the
      // wrapped parser has fulfilled already when the header blob was fine.
      try {
        set_header_exception(std::current_exception());
      } catch (const std::future_error&) {
      }
      throw;
    }
  }

 private:
  std::unique_ptr<Parser> parser_;
  int fd_;  // -1 when osmium reads from memory
};

// Installs the wrapper in libosmium's process-wide parser table, once, after
// every translation unit's static initialisation has registered the plain one.
// Only for the libosmium versions checked to leak: one that closes the file
// itself would have it closed twice (OsmRoadsBadInputDescriptors tells when a
// newer one still leaks).
void close_pbf_files_on_error() {
  if constexpr (LIBOSMIUM_VERSION_MAJOR != 2 || LIBOSMIUM_VERSION_MINOR > 19) return;
  static std::once_flag once;
  std::call_once(once, [] {
    using osmium::io::detail::ParserFactory;
    ParserFactory& factory = ParserFactory::instance();
    ParserFactory::create_parser_type plain = factory.get_creator_function(osmium::io::File{"", "pbf"});
    factory.register_parser(
        osmium::io::file_format::pbf, [plain](osmium::io::detail::parser_arguments& args) {
          return std::unique_ptr<osmium::io::detail::Parser>(new PbfParserClosingOnError(args, plain(args)));
        });
  });
}

template <typename Object, typename Visit>
void for_each_object(const osmium::io::File& file, osmium::osm_entity_bits::type bits, Visit&& visit) {
  osmium::io::Reader reader{file, bits, osmium::io::read_meta::no};
  while (osmium::memory::Buffer buffer = reader.read()) {
    for (const Object& object : buffer.select<Object>()) visit(object);
  }
  reader.close();
}

WalkableWays read_walkable_ways(const osmium::io::File& file) {
  WalkableWays out;
  for_each_object<osmium::Way>(file, osmium::osm_entity_bits::way, [&](const osmium::Way& way) {
    ++out.ways_seen;
    out.fingerprints.push_back({way.id(), content_hash(way)});
    if (classify_way(OsmTags(way.tags())) == Walkable::no) return;
    out.way_ids.push_back(way.id());
    for (const osmium::NodeRef& ref : way.nodes()) out.refs.push_back(ref.ref());
    out.first_ref.push_back(out.refs.size());
  });
  return out;
}

InputError file_error(const std::filesystem::path& file, const std::string& what) {
  return InputError(InputLocation{file.string(), {}, std::nullopt, {}}, what);
}

// Way ids given more than once: an error when the copies differ, else the
// later copies of walkable ways are dropped (the first one stays, in file order).
void drop_duplicate_ways(const std::filesystem::path& file, WalkableWays& ways) {
  std::vector<WayFingerprint>& seen = ways.fingerprints;
  std::sort(seen.begin(), seen.end(),
            [](const WayFingerprint& a, const WayFingerprint& b) { return a.id < b.id; });
  std::uint64_t duplicates = 0;
  for (std::size_t i = 1; i < seen.size(); ++i) {
    if (seen[i].id != seen[i - 1].id) continue;
    if (seen[i].content != seen[i - 1].content) {
      throw file_error(file,
                       "way " + std::to_string(seen[i].id) +
                           " is given twice with different content (node list or tags): are these extracts "
                           "of different dates merged? Keep one copy of each way");
    }
    ++duplicates;
  }
  seen = {};
  ways.ways_seen -= duplicates;
  if (duplicates == 0) return;

  std::vector<std::size_t> order(ways.way_ids.size());
  for (std::size_t w = 0; w < order.size(); ++w) order[w] = w;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ways.way_ids[a] < ways.way_ids[b]; });
  std::vector<std::uint8_t> keep(order.size(), 1);
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (ways.way_ids[order[k]] == ways.way_ids[order[k - 1]]) keep[order[k]] = 0;
  }
  WalkableWays kept;
  kept.ways_seen = ways.ways_seen;
  for (std::size_t w = 0; w < keep.size(); ++w) {
    if (keep[w] == 0) continue;
    kept.way_ids.push_back(ways.way_ids[w]);
    kept.refs.insert(kept.refs.end(), ways.refs.begin() + static_cast<std::ptrdiff_t>(ways.first_ref[w]),
                     ways.refs.begin() + static_cast<std::ptrdiff_t>(ways.first_ref[w + 1]));
    kept.first_ref.push_back(kept.refs.size());
  }
  ways = std::move(kept);
  ways.duplicates = duplicates;
}

std::string coordinates_text(const osmium::Location& location) {
  if (!location.valid()) return "no coordinates";
  return detail::format_number(location.lon_without_check()) + ", " +
         detail::format_number(location.lat_without_check());
}

// Pass 2. A needed node given twice: an error when the coordinates differ, else counted.
NodeTable read_needed_nodes(const std::filesystem::path& path, const osmium::io::File& file,
                            const std::vector<NodeId>& refs) {
  NodeTable table;
  table.ids = refs;
  std::sort(table.ids.begin(), table.ids.end());
  table.ids.erase(std::unique(table.ids.begin(), table.ids.end()), table.ids.end());
  table.locations.resize(table.ids.size());  // default Location is invalid
  std::vector<std::uint8_t> seen(table.ids.size(), 0);
  for_each_object<osmium::Node>(file, osmium::osm_entity_bits::node, [&](const osmium::Node& node) {
    const std::optional<std::size_t> slot = table.slot_of(node.id());
    if (!slot) return;
    if (seen[*slot] == 0) {
      seen[*slot] = 1;
      table.locations[*slot] = node.location();
      return;
    }
    const osmium::Location first = table.locations[*slot];
    if (node.location() == first) {
      ++table.duplicates;
      return;
    }
    std::string apart;
    if (first.valid() && node.location().valid()) {
      const double m = haversine_m(first.lon_without_check(), first.lat_without_check(),
                                   node.location().lon_without_check(), node.location().lat_without_check());
      apart = " (" + detail::format_number(std::round(m)) + " m apart)";
    }
    throw file_error(path, "node " + std::to_string(node.id()) +
                               " is given twice with different coordinates: " + coordinates_text(first) +
                               " and " + coordinates_text(node.location()) + apart +
                               "; are these extracts of different dates merged? Keep one copy of each node");
  });
  return table;
}

// Turns node-table slots into RawRoads vertices, numbered in order of first use.
class Assembler {
 public:
  Assembler(const NodeTable& nodes, RawRoads& out)
      : nodes_(nodes), out_(out), vertex_of_(nodes.ids.size(), kNoVertex) {}

  // Adds the stretches of >= 2 present nodes of one way; returns the number
  // of node references missing from the file.
  std::uint64_t add_way(std::int64_t way_id, const NodeId* first, const NodeId* last) {
    std::uint64_t missing = 0;
    run_.clear();
    for (const NodeId* ref = first; ref != last; ++ref) {
      const std::optional<std::size_t> slot = nodes_.slot_of(*ref);
      if (!slot || !nodes_.locations[*slot].valid()) {
        ++missing;
        flush(way_id);
        continue;
      }
      if (run_.empty() || run_.back() != *slot) run_.push_back(*slot);  // skip repeated nodes
    }
    flush(way_id);
    return missing;
  }

 private:
  static constexpr std::uint32_t kNoVertex = std::numeric_limits<std::uint32_t>::max();

  void flush(std::int64_t way_id) {
    if (run_.size() >= 2) {
      RawWay& way = out_.ways.emplace_back();
      way.source_id = way_id;
      way.vertices.reserve(run_.size());
      for (const std::size_t slot : run_) way.vertices.push_back(vertex(slot));
    }
    run_.clear();
  }

  std::uint32_t vertex(std::size_t slot) {
    if (vertex_of_[slot] == kNoVertex) {
      if (out_.vertices.size() >= kNoVertex) {
        throw std::length_error("more than 2^32 - 2 nodes in walkable ways");
      }
      const osmium::Location location = nodes_.locations[slot];
      vertex_of_[slot] = static_cast<std::uint32_t>(out_.vertices.size());
      out_.vertices.push_back({location.lon_without_check(), location.lat_without_check(), nodes_.ids[slot]});
    }
    return vertex_of_[slot];
  }

  const NodeTable& nodes_;
  RawRoads& out_;
  std::vector<std::uint32_t> vertex_of_;
  std::vector<std::size_t> run_;
};

RawRoads assemble(const WalkableWays& ways, const NodeTable& nodes) {
  RawRoads out;
  out.ways_seen = ways.ways_seen;
  out.ways_walkable = ways.way_ids.size();
  out.duplicate_ways = ways.duplicates;
  out.duplicate_nodes = nodes.duplicates;
  if (ways.duplicates + nodes.duplicates > 0) {
    const auto count = [](std::uint64_t n, const char* noun) {
      return std::to_string(n) + " duplicate " + noun + (n == 1 ? "" : "s");
    };
    out.warnings.push_back("dropped " + count(nodes.duplicates, "node") + " and " +
                           count(ways.duplicates, "way") +
                           ": identical copies of ones given earlier in the file, as merged extracts have");
  }
  Assembler assembler(nodes, out);
  for (std::size_t w = 0; w < ways.way_ids.size(); ++w) {
    const NodeId* refs = ways.refs.data();
    const std::uint64_t missing =
        assembler.add_way(ways.way_ids[w], refs + ways.first_ref[w], refs + ways.first_ref[w + 1]);
    out.missing_node_refs += missing;
    if (missing > 0) ++out.ways_clipped;
  }
  return out;
}

void check_openable(const std::filesystem::path& file) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) throw file_error(file, "cannot open: no such file");
  require_regular_file(file, "roads file");
  if (std::filesystem::file_size(file, ec) == 0 && !ec) {
    throw file_error(file, "is empty (0 bytes), not an OSM file");
  }
}

osmium::io::File osm_file(const std::filesystem::path& file) {
  osmium::io::File osm{file.string()};
  try {
    osm.check();
  } catch (const osmium::io_error&) {
    throw file_error(file, "unknown file format: expected .osm.pbf, .osm, .osm.gz or .osm.bz2");
  }
  return osm;
}

RawRoads read_checked(const std::filesystem::path& file) {
  const osmium::io::File osm = osm_file(file);
  WalkableWays ways = read_walkable_ways(osm);
  drop_duplicate_ways(file, ways);
  if (ways.ways_seen == 0) {
    throw file_error(file, "no walkable way: the file has no ways at all (0 ways seen)");
  }
  if (ways.way_ids.empty()) {
    throw file_error(file, "no walkable way: none of the " + std::to_string(ways.ways_seen) +
                               " ways in the file is a road or path that may be walked");
  }
  RawRoads roads = assemble(ways, read_needed_nodes(file, osm, ways.refs));
  if (roads.ways.empty()) {
    throw file_error(file, std::to_string(roads.ways_walkable) +
                               " walkable ways, but none has two consecutive nodes in the file (" +
                               std::to_string(roads.missing_node_refs) + " node references missing)");
  }
  return roads;
}

}  // namespace

RawRoads read_osm_roads(const std::filesystem::path& file) {
  check_openable(file);
  close_pbf_files_on_error();
  try {
    return read_checked(file);
  } catch (const InputError&) {
    throw;
  } catch (const osmium::pbf_error& e) {
    throw file_error(file, std::string("not a valid OSM PBF file (truncated or corrupt?): ") + e.what());
  } catch (const osmium::xml_error& e) {
    throw file_error(file, std::string("not valid OSM XML: ") + e.what());
  } catch (const osmium::format_version_error& e) {
    throw file_error(file, std::string("not a supported OSM XML file: ") + e.what());
  } catch (const osmium::gzip_error& e) {
    throw file_error(file, std::string("not a valid gzip file (truncated or corrupt?): ") + e.what());
  } catch (const osmium::bzip2_error& e) {
    throw file_error(file, std::string("not a valid bzip2 file (truncated or corrupt?): ") + e.what());
  } catch (const std::system_error& e) {
    throw file_error(file, std::string("cannot open or read: ") + e.what());
  } catch (const std::exception& e) {
    throw file_error(file, std::string("cannot be read as OSM: ") + e.what());
  }
}

bool is_osm_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  for (const std::string_view suffix : {".osm", ".pbf", ".osm.gz", ".osm.bz2", ".osc", ".o5m"}) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

}  // namespace lifecircle::io
