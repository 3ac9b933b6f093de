#pragma once
// GCJ-02 ("Mars coordinates") is the obfuscated datum that Chinese web maps
// publish. A layer declared crs = "gcj02" is converted to WGS84 on load.

namespace lifecircle::io {

// True when the point lies in the rough box where GCJ-02 offsets apply.
bool gcj02_applies(double lon, double lat);

// WGS84 -> GCJ-02 (the published forward formula).
void wgs84_to_gcj02(double lon, double lat, double& out_lon, double& out_lat);

// GCJ-02 -> WGS84 by fixed-point iteration of the forward formula; the result
// maps forward to the input within 1e-7 degrees (about 1 cm) for points more
// than 0.05 degrees inside the box. Nearer its edge the forward map jumps
// (shifted inside, unchanged outside), so a point may have no exact preimage
// (found by fuzz/gcj02_fuzzer.cpp at (72.004, 0.8293)).
void gcj02_to_wgs84(double lon, double lat, double& out_lon, double& out_lat);

}  // namespace lifecircle::io
