#!/bin/sh
# Rebuilds the binary town and facility fixtures (GeoPackage, Shapefile, XLSX)
# from the hand-written GeoJSON/CSV beside this script, with gdal-bin's ogr2ogr
# (GDAL 3.6). The outputs are checked in; run this only to change them.
set -eu
cd "$(dirname "$0")"
BAD=../bad
rm -f towns-cgcs2000.gpkg facilities-cgcs2000.gpkg facilities-wgs84.xlsx \
      towns-gk-cm120.* facilities-gk-cm120.* $BAD/towns-several-layers.gpkg $BAD/towns-no-crs.*

# CGCS2000 geographic (EPSG:4490), as Chinese planning offices deliver.
ogr2ogr -f GPKG -t_srs EPSG:4490 -nln towns towns-cgcs2000.gpkg towns-wgs84.geojson
ogr2ogr -f GPKG -t_srs EPSG:4490 -nln facilities facilities-cgcs2000.gpkg facilities-points.geojson

# CGCS2000 / 3-degree Gauss-Krueger CM 120E (EPSG:4549), metres, as Shapefiles.
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:4549 -lco ENCODING=UTF-8 towns-gk-cm120.shp towns-wgs84.geojson
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:4549 -lco ENCODING=UTF-8 facilities-gk-cm120.shp facilities-points.geojson

# The CSV as a spreadsheet with numeric cells for numbers (sheet "facilities").
ogr2ogr -f XLSX -oo AUTODETECT_TYPE=YES -nln facilities facilities-wgs84.xlsx facilities-wgs84.csv

# Bad: two layers and none named; a Shapefile whose .prj went missing.
ogr2ogr -f GPKG -nln towns $BAD/towns-several-layers.gpkg towns-wgs84.geojson
ogr2ogr -f GPKG -update -nln facilities $BAD/towns-several-layers.gpkg facilities-points.geojson
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:4549 -lco ENCODING=UTF-8 $BAD/towns-no-crs.shp towns-wgs84.geojson
rm $BAD/towns-no-crs.prj

# Bad: the CSV as Excel on a Chinese Windows saves it (GBK, not UTF-8).
iconv -f UTF-8 -t GBK facilities-wgs84.csv > $BAD/facilities-gbk-encoding.csv

# GBK without a .cpg, as a land bureau's Shapefile often comes: the towns with
# their names in GBK, the .cpg removed and the DBF's language driver byte
# (offset 29) zeroed, so nothing in the files says how the text is encoded.
rm -f towns-gbk.*
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=GBK towns-gbk.shp towns-wgs84.geojson
rm towns-gbk.cpg
printf '\000' | dd of=towns-gbk.dbf bs=1 seek=29 conv=notrunc 2>/dev/null

# A CSV with Chinese headers as Excel on a Chinese Windows saves it (GBK).
iconv -f UTF-8 -t GBK > facilities-gbk-chinese-headers.csv <<'CSV'
编号,名称,类别,经度,纬度
H1,太平街道社区卫生服务中心,社区卫生服务中心,121.3712,28.3731
K1,城东幼儿园,kindergarten,121.4205,28.3810
T1,太平托育中心,托育机构,121.3990,28.3702
CSV
