// lifecircle-mpi: `lifecircle run` for a province or a country, partitioned
// by region and spread over MPI ranks (mpirun -np N lifecircle-mpi run
// --plan P --partition regions.gpkg). Rank 0 reads the roads once, cuts them
// into one piece per region (partition/), deals the pieces to ranks by
// estimated work, and after every piece has come back writes the outputs
// once through the single run's outputs step (pipeline/outputs.hpp), except the
// maps, which need the whole walking network (report.html says the network was
// built region by region). A rank that fails prints the region and the fault and aborts the job; rank 0
// commits the output folder only when every result is in, so an aborted job leaves no output behind. Exit
// codes as `lifecircle`: 0 ok, 1 data or output error, 2 usage error, 3 internal.

#include <gdal.h>
#include <mpi.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <climits>
#include <iostream>
#include <optional>

#include "exit_status.hpp"
#include "lifecircle/partition/layout.hpp"
#include "lifecircle/partition/merge.hpp"
#include "lifecircle/partition/wire.hpp"
#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/report/summary.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/output_folder.hpp"
#include "progress.hpp"
#include "threads_option.hpp"

namespace {

using namespace lifecircle;

constexpr int kTagPiece = 1, kTagSummary = 2, kTagResult = 3;

struct Options {
  std::string plan, partition, partition_layer, partition_field, out, format, targets, actuals;
  int threads = 0, year = 0;
  bool quiet = false, overwrite = false, no_isochrones = false;
};

void send_bytes(const std::string& bytes, int to, int tag) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    throw Error("a piece's message exceeds 2 GiB: use more regions");
  const auto size = static_cast<std::uint64_t>(bytes.size());
  MPI_Send(&size, 1, MPI_UINT64_T, to, tag, MPI_COMM_WORLD);
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_CHAR, to, tag, MPI_COMM_WORLD);
}

std::string receive_bytes(int from, int tag) {
  std::uint64_t size = 0;
  MPI_Recv(&size, 1, MPI_UINT64_T, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(size, '\0');
  MPI_Recv(bytes.data(), static_cast<int>(size), MPI_CHAR, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
}

template <typename T>
void broadcast(std::vector<T>& values, MPI_Datatype type) {
  auto n = static_cast<std::uint64_t>(values.size());
  MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  values.resize(n);
  MPI_Bcast(values.data(), static_cast<int>(n), type, 0, MPI_COMM_WORLD);
}

class MpiRun {
 public:
  MpiRun(Options options, int rank, int ranks) : o_(std::move(options)), rank_(rank), ranks_(ranks) {}

  int run() {
    const auto start = std::chrono::steady_clock::now();
    const io::Plan plan = io::load_plan(o_.plan);
    const std::filesystem::path out_dir = o_.out.empty() ? plan.output_dir : std::filesystem::path(o_.out);
    std::unique_ptr<OutputFolder> folder;
    std::optional<pipeline::RunOutputs> outputs;
    std::optional<pipeline::TargetInputs> targets;
    partition::WholeRoads roads;
    int epsg = 0;
    if (rank_ == 0) {
      // Before the work, as `lifecircle run`: the format, the output folder and the target files.
      outputs = pipeline::run_outputs(
          layer_options(plan), o_.format.empty() ? plan.file.string() + ": [output] format" : "--format",
          false);  // the maps need the whole network, which no rank holds
      OutputFolderOptions folder_options;
      folder_options.overwrite = o_.overwrite;
      folder_options.inputs = {o_.partition, o_.targets, o_.actuals};
      folder_options.on_wait = [&out_dir] {
        std::cerr << "lifecircle-mpi: waiting for another lifecircle writing into " << out_dir.string()
                  << "...\n";
      };
      folder = pipeline::open_output_folder(
          out_dir, pipeline::output_names(pipeline::OutputSet::run, outputs->choice()), plan,
          std::move(folder_options));
      targets = pipeline::read_target_inputs(plan, {o_.targets, o_.year, o_.actuals, {}});
      progress("reading " + plan.roads.path.string());
      roads = partition::read_whole_roads(plan);
      epsg = roads.working_epsg;
    }
    MPI_Bcast(&epsg, 1, MPI_INT, 0, MPI_COMM_WORLD);
    const io::LayerRef regions_ref{o_.partition, o_.partition_layer, ""};
    const partition::Layout layout = partition::lay_out(plan, epsg, regions_ref, o_.partition_field);
    const std::size_t pieces = layout.pieces.size();

    // Rank 0 cuts the roads and deals the pieces; each rank gets its own.
    std::vector<int> rank_of(pieces, 0);
    std::vector<partition::RoadPiece> mine(pieces);
    if (rank_ == 0) {
      const auto cut_start = std::chrono::steady_clock::now();
      partition::CutStats stats;
      std::vector<partition::RoadPiece> cut = partition::cut_for(layout, roads.raw, &stats);
      roads.raw = {};
      std::vector<double> work;
      for (std::size_t p = 0; p < pieces; ++p)
        work.push_back(partition::estimated_work(cut[p], layout.pieces[p]));
      rank_of = partition::deal_regions(work, ranks_);
      progress("cut " + std::to_string(stats.edges) + " edges into " + std::to_string(pieces) + " pieces (" +
               std::to_string(stats.piece_edges) + " edges with halos, halo " +
               std::to_string(static_cast<int>(layout.halo.roads_m)) + " m) in " +
               cli::seconds_since(cut_start) + " s");
      broadcast(rank_of, MPI_INT);
      for (std::size_t p = 0; p < pieces; ++p) {
        if (rank_of[p] == 0) {
          mine[p] = std::move(cut[p]);
        } else {
          send_bytes(partition::encode(cut[p]), rank_of[p], kTagPiece);
        }
        cut[p] = {};
      }
    } else {
      broadcast(rank_of, MPI_INT);
      for (std::size_t p = 0; p < pieces; ++p) {
        if (rank_of[p] == rank_) mine[p] = partition::decode_road_piece(receive_bytes(0, kTagPiece));
      }
    }

    // Each rank builds its pieces and summarizes them; rank 0 agrees for all.
    std::vector<std::unique_ptr<study::Study>> studies(pieces);
    std::vector<partition::PieceSummary> summaries(pieces);
    for (std::size_t p = 0; p < pieces; ++p) {
      if (rank_of[p] != rank_) continue;
      guarded(layout, p, [&] {
        studies[p] = partition::piece_study(layout.whole, mine[p].roads, layout.pieces[p]);
        mine[p].roads = {};
        summaries[p] = partition::summarize_piece(*studies[p], layout.pieces[p]);
      });
      if (rank_ != 0) send_bytes(partition::encode(summaries[p]), 0, kTagSummary);
    }
    partition::Agreement agreement;
    if (rank_ == 0) {
      for (std::size_t p = 0; p < pieces; ++p) {
        if (rank_of[p] != 0) summaries[p] = partition::decode_summary(receive_bytes(rank_of[p], kTagSummary));
      }
      agreement = partition::agree(plan, layout.whole.towns.towns.size(), summaries);
    }
    broadcast(agreement.town_street_m, MPI_DOUBLE);
    broadcast(agreement.category_cell_m, MPI_DOUBLE);

    // The runs: every rank its pieces with its OpenMP threads; results to rank 0.
    coverage::RunOptions options;
    options.threads = o_.threads;
    std::vector<partition::PieceResult> results;
    for (std::size_t p = 0; p < pieces; ++p) {
      if (rank_of[p] != rank_) continue;
      partition::PieceResult result;
      guarded(layout, p, [&] {
        result = partition::run_piece(*studies[p], layout.pieces[p], mine[p].edge_global, agreement, options);
      });
      studies[p].reset();
      progress("region " + layout.regions[layout.pieces[p].region].name + " done in " +
               seconds_text(result.seconds) + " s");
      if (rank_ == 0) {
        results.push_back(std::move(result));
      } else {
        send_bytes(partition::encode(result), 0, kTagResult);
      }
    }
    if (rank_ != 0) return 0;
    for (std::size_t p = 0; p < pieces; ++p) {
      if (rank_of[p] != 0) results.push_back(partition::decode_result(receive_bytes(rank_of[p], kTagResult)));
    }
    write(layout, std::move(results), std::move(targets), *outputs, *folder, out_dir, start);
    return 0;
  }

 private:
  // Runs one piece's step; a fault names the region and stops the whole job.
  template <typename Step>
  void guarded(const partition::Layout& layout, std::size_t p, Step&& step) const {
    try {
      step();
    } catch (...) {
      const cli::Failure failure = cli::current_failure();
      const std::string& region = layout.regions[layout.pieces[p].region].name;
      std::cerr << "lifecircle-mpi: rank " << rank_ << ", region '" << region << "': " << failure.kind
                << failure.what << "\nlifecircle-mpi: stopping the job; no output was written\n";
      std::cerr.flush();
      MPI_Abort(MPI_COMM_WORLD, failure.status);
    }
  }

  // The merged base through the single run's outputs step.
  void write(const partition::Layout& layout, std::vector<partition::PieceResult> results,
             std::optional<pipeline::TargetInputs> targets, const pipeline::RunOutputs& outputs,
             OutputFolder& folder, const std::filesystem::path& out_dir,
             std::chrono::steady_clock::time_point start) const {
    partition::Merged merged = partition::merge(layout.whole, std::move(results));
    const auto analysis =
        pipeline::analysis_of(std::move(merged.study), std::move(merged.result), std::move(targets));
    pipeline::Progress steps;
    steps.line = [this](const std::string& line) { progress(line); };
    const pipeline::WrittenRun written = pipeline::write_run_outputs(*analysis, outputs, folder, steps);
    std::cout << report::run_summary(*analysis->study, analysis->base);
    if (analysis->targets) std::cout << "\n" << report::targets_summary(*analysis->targets);
    std::cout << "Wrote";
    for (const auto& f : written.files) std::cout << " " << (out_dir / f).string();
    std::cout << "\n"
              << layout.pieces.size() << " regions on " << ranks_ << " ranks; done in "
              << cli::seconds_since(start) << " s\n";
  }

  // The plan's layer options, as `lifecircle run` takes them, with this command line's.
  report::OutputOptions layer_options(const io::Plan& plan) const {
    report::OutputOptions output = pipeline::plan_layer_options(plan);
    if (!o_.format.empty()) output.format = o_.format;
    output.isochrones = !o_.no_isochrones;
    output.threads = o_.threads;
    output.overwrite = o_.overwrite;
    return output;
  }

  void progress(const std::string& line) const {
    std::string tool = "lifecircle-mpi[";  // appended, not "literal" + string (GCC 12's false -Wrestrict)
    tool += std::to_string(rank_);
    tool += ']';
    cli::progress(o_.quiet, line, tool);
  }

  Options o_;
  int rank_, ranks_;
};

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  CPLSetErrorHandler(CPLQuietErrorHandler);

  CLI::App app{"lifecircle-mpi: the coverage run partitioned by region over MPI ranks"};
  app.require_subcommand(1);
  Options o;
  CLI::App* run =
      app.add_subcommand("run", "compute coverage region by region and write layers and tables once");
  run->add_option("--plan", o.plan, "plan file (TOML)")->required();
  run->add_option("--partition", o.partition, "regions layer (polygons: counties, or towns)")->required();
  run->add_option("--partition-layer", o.partition_layer,
                  "layer of the regions file (default: its only layer)");
  run->add_option("--partition-field", o.partition_field,
                  "field naming the regions in messages (default: name)");
  run->add_option("--out", o.out, "output folder (default: the plan's [output] dir)");
  run->add_option("--format", o.format, "GPKG (default), GeoJSON or FlatGeobuf");
  cli::add_threads_option(*run, o.threads, "threads per rank");
  run->add_flag("--no-isochrones", o.no_isochrones, "skip per-facility polygons in the outputs");
  run->add_option("--year", o.year, "check the plan's targets for this year");
  run->add_option("--targets", o.targets, "target spec file (default: the plan's [targets] path)");
  run->add_option("--actuals", o.actuals, "CSV of values the map cannot compute: row,year,value");
  run->add_flag("--quiet", o.quiet, "no progress lines on stderr");
  run->add_flag("--overwrite", o.overwrite, "replace the outputs of an earlier run in the output folder");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = cli::parse_status(app, e, rank == 0);
    MPI_Finalize();
    return status;
  }
  // A fault outside any one region's step (the plan, the shared inputs, the
  // outputs): every rank may meet it, so each says which rank it is.
  const int status = cli::guarded(
      "lifecircle-mpi: rank " + std::to_string(rank), [&] { return MpiRun(o, rank, ranks).run(); },
      [](int failed) { MPI_Abort(MPI_COMM_WORLD, failed); });
  MPI_Finalize();
  return status;
}
