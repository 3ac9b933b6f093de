// Evaluating target specs on a coverage run.

#include "lifecircle/coverage/targets.hpp"

#include <algorithm>
#include <cmath>

#include "lifecircle/util/error.hpp"

namespace lifecircle::coverage {
namespace {

// As the plan's table reports values: 2 decimals.
double round2(double value) { return std::round(value * 100.0) / 100.0; }

struct Context {
  const study::Study& study;
  const TargetInputs& in;
  int year;
  const Actuals& actuals;
};

const CategoryInputs& category_inputs(const Context& ctx, const std::string& id) {
  if (const CategoryInputs* c = ctx.in.find(id)) return *c;
  throw UsageError("check_targets: the coverage run has no category '" + id + "'");
}

TargetLine city_line(const io::Target& target) {
  TargetLine line;
  line.target = target;
  return line;
}

TargetLine town_line(const Context& ctx, std::size_t town, const io::Target& target) {
  TargetLine line;
  line.town_code = ctx.study.towns.towns[town].code;
  line.town_name = ctx.study.towns.towns[town].name;
  line.target = target;
  return line;
}

// Sets value and verdict; a line without residents has no data.
void judge_ratio(TargetLine& line, double numerator, double population, double scale,
                 io::Direction direction) {
  line.population = population;
  if (!(population > 0.0)) {
    line.verdict = io::judge(line.target, std::nullopt, direction);
    line.no_data_reason = "no residents";
    return;
  }
  line.value = round2(numerator / population * scale);
  line.verdict = io::judge(line.target, line.value, direction);
}

// ---------------------------------------------------------------- kinds

// Covered and total population per town (and summed) of a category or the basket.
struct Shares {
  std::vector<double> covered, population;
};

Shares shares_of(const Context& ctx, const IndicatorSpec& spec) {
  Shares s;
  if (spec.category == kCompositeCategory) {
    s.covered = ctx.in.composite_covered;
    s.population = ctx.in.composite_population;
    return s;
  }
  const CategoryInputs& c = category_inputs(ctx, spec.category);
  s.covered = c.covered;
  s.population = c.population;
  return s;
}

double sum(const std::vector<double>& values) {
  double total = 0.0;
  for (const double v : values) total += v;
  return total;
}

void evaluate_coverage(const Context& ctx, IndicatorResult& r) {
  const Shares s = shares_of(ctx, r.spec);
  TargetLine city = city_line(r.target);
  judge_ratio(city, sum(s.covered), sum(s.population), 100.0, r.spec.direction);
  r.lines.push_back(std::move(city));
  if (!r.spec.by_town) return;
  for (std::size_t t = 0; t < s.population.size(); ++t) {
    TargetLine line = town_line(ctx, t, r.target);
    judge_ratio(line, s.covered[t], s.population[t], 100.0, r.spec.direction);
    r.lines.push_back(std::move(line));
  }
}

void evaluate_per_capita(const Context& ctx, IndicatorResult& r) {
  const CategoryInputs& c = category_inputs(ctx, r.spec.category);
  TargetLine city = city_line(r.target);
  judge_ratio(city, sum(c.capacity), sum(c.population), r.spec.per_residents, r.spec.direction);
  r.lines.push_back(std::move(city));
  if (!r.spec.by_town) return;
  for (std::size_t t = 0; t < c.population.size(); ++t) {
    TargetLine line = town_line(ctx, t, r.target);
    judge_ratio(line, c.capacity[t], c.population[t], r.spec.per_residents, r.spec.direction);
    r.lines.push_back(std::move(line));
  }
}

// A town's target for presence: at least min_count facilities, where the city has a target.
io::Target town_presence_target(const io::Target& city_target, std::uint32_t min_count) {
  if (city_target.kind == io::TargetKind::no_target || city_target.kind == io::TargetKind::not_published) {
    return city_target;
  }
  io::Target target;
  target.kind = io::TargetKind::bound;
  target.comparison = io::Comparison::ge;
  target.value = min_count;
  target.text = "≥" + std::to_string(min_count);
  return target;
}

void evaluate_presence(const Context& ctx, IndicatorResult& r) {
  const CategoryInputs& c = category_inputs(ctx, r.spec.category);
  TargetLine city = city_line(r.target);
  const io::Target per_town = town_presence_target(r.target, r.spec.min_count);
  std::vector<TargetLine> towns;
  for (std::size_t t = 0; t < c.facilities.size(); ++t) {
    TargetLine line = town_line(ctx, t, per_town);
    line.count = c.facilities[t];
    line.value = line.count;
    line.verdict = io::judge(per_town, line.value, io::Direction::higher_is_better);
    if (line.count < r.spec.min_count) city.towns_without.push_back(line.town_name);
    towns.push_back(std::move(line));
  }
  city.town_count = static_cast<std::uint32_t>(c.facilities.size());
  if (city.town_count == 0) {
    city.verdict = io::judge(r.target, std::nullopt, r.spec.direction);
    city.no_data_reason = "no towns";
  } else {
    const auto with = static_cast<double>(city.town_count - city.towns_without.size());
    city.value = round2(100.0 * with / city.town_count);
    city.verdict = io::judge(r.target, city.value, r.spec.direction);
  }
  r.lines.push_back(std::move(city));
  if (r.spec.by_town) r.lines.insert(r.lines.end(), towns.begin(), towns.end());
}

void evaluate_count(const Context& ctx, IndicatorResult& r) {
  TargetLine city = city_line(r.target);
  city.count = category_inputs(ctx, r.spec.category).facilities_citywide;
  city.value = city.count;
  city.verdict = io::judge(r.target, city.value, r.spec.direction);
  r.lines.push_back(std::move(city));
}

std::string missing_actual_reason(const Context& ctx, const IndicatorSpec& spec) {
  std::string reason = spec.fallback_reason.empty() ? "not computed from the map" : spec.fallback_reason;
  if (ctx.actuals.file.empty()) return reason + "; no actuals file given (--actuals FILE)";
  return reason + "; no value for " + std::to_string(ctx.year) + " in " +
         ctx.actuals.file.filename().string();
}

void evaluate_tracked(const Context& ctx, IndicatorResult& r) {
  TargetLine city = city_line(r.target);
  const PartValues* given = ctx.actuals.find(r.spec.key, ctx.year);
  if (r.target.kind == io::TargetKind::pair) {
    if (given) city.parts = *given;
    const io::PairVerdict verdict = io::judge_pair(r.target, city.parts, r.spec.direction);
    city.verdict = verdict.overall;
    city.part_verdicts = verdict.parts;
  } else {
    if (given) city.value = given->at("");
    city.verdict = io::judge(r.target, city.value, r.spec.direction);
  }
  if (city.verdict.status == io::Verdict::no_data) city.no_data_reason = missing_actual_reason(ctx, r.spec);
  r.lines.push_back(std::move(city));
}

IndicatorResult evaluate(const Context& ctx, const IndicatorSpec& spec) {
  IndicatorResult r;
  r.spec = spec;
  r.target = spec.target_for(ctx.year);
  switch (spec.kind) {
    case IndicatorKind::coverage:
      evaluate_coverage(ctx, r);
      break;
    case IndicatorKind::per_capita:
      evaluate_per_capita(ctx, r);
      break;
    case IndicatorKind::presence_by_town:
      evaluate_presence(ctx, r);
      break;
    case IndicatorKind::count:
      evaluate_count(ctx, r);
      break;
    case IndicatorKind::tracked:
      evaluate_tracked(ctx, r);
      break;
  }
  return r;
}

// ---------------------------------------------------------------- warnings

void warn_unused_actuals(const TargetSpecs& specs, const Context& ctx, std::vector<std::string>& warnings) {
  for (const IndicatorSpec& spec : specs.indicators) {
    if (spec.kind == IndicatorKind::tracked || ctx.actuals.find(spec.key, ctx.year) == nullptr) continue;
    warnings.push_back(ctx.actuals.file.filename().string() + ": the value of indicator " + spec.key +
                       " for " + std::to_string(ctx.year) + " is ignored: it is computed from the map (" +
                       std::string(to_string(spec.kind)) + ")");
  }
}

void warn_missing_capacity(const TargetSpecs& specs, const Context& ctx, std::vector<std::string>& warnings) {
  std::vector<std::string> warned;
  for (const IndicatorSpec& spec : specs.indicators) {
    if (spec.kind != IndicatorKind::per_capita) continue;
    if (std::find(warned.begin(), warned.end(), spec.category) != warned.end()) continue;
    warned.push_back(spec.category);
    const std::uint32_t missing = category_inputs(ctx, spec.category).without_capacity;
    if (missing == 0) continue;
    warnings.push_back(std::to_string(missing) + " existing facilities of category '" + spec.category +
                       "' have no capacity: counted as 0 in the per-capita figures");
  }
}

}  // namespace

TargetCheck check_targets(const TargetSpecs& specs, const study::Study& study, const RunResult& result,
                          int year, const Actuals& actuals) {
  check_target_year(year);
  return check_targets(specs, study, target_inputs(study, result), year, actuals);
}

TargetCheck check_targets(const TargetSpecs& specs, const study::Study& study, const TargetInputs& inputs,
                          int year, const Actuals& actuals) {
  check_target_year(year);
  const Context ctx{study, inputs, year, actuals};
  TargetCheck check;
  check.year = year;
  check.specs_file = specs.file;
  check.actuals_file = actuals.file;
  warn_unused_actuals(specs, ctx, check.warnings);
  warn_missing_capacity(specs, ctx, check.warnings);
  for (const IndicatorSpec& spec : specs.indicators) check.indicators.push_back(evaluate(ctx, spec));
  return check;
}

TargetCheck check_targets_from_files(const std::filesystem::path& specs_file, int year,
                                     const std::filesystem::path& actuals_file, const study::Study& study,
                                     const RunResult& result) {
  check_target_year(year);
  const TargetSpecs specs = read_target_specs(specs_file, study.plan);
  const Actuals actuals = actuals_file.empty() ? Actuals{} : read_actuals(actuals_file, specs);
  return check_targets(specs, study, result, year, actuals);
}

}  // namespace lifecircle::coverage
