#pragma once
// What pieces send between processes, as flat bytes (same machine type on
// every rank: native byte order, no versioning). Each record's fields are
// listed once (wire.cpp) for both directions. decode_* throws Error on a
// message cut short or with bytes left over.

#include <string>

#include "lifecircle/partition/piece.hpp"

namespace lifecircle::partition {

std::string encode(const RoadPiece& piece);
RoadPiece decode_road_piece(const std::string& bytes);

std::string encode(const PieceSummary& summary);
PieceSummary decode_summary(const std::string& bytes);

std::string encode(const PieceResult& result);
PieceResult decode_result(const std::string& bytes);

}  // namespace lifecircle::partition
