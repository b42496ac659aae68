// Projects Natural Earth's countries (world-atlas, 1:50m) with Equal Earth
// into SVG path data, simplified, for ../build_world_map.py (which names the
// shapes by ISO alpha-2 code and writes the committed asset). Prints JSON.
import { readFileSync } from "node:fs";
import { geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import { presimplify, quantile, simplify } from "topojson-simplify";

export const WIDTH = 960;

const topology = JSON.parse(
  readFileSync(new URL("./node_modules/world-atlas/countries-50m.json", import.meta.url)),
);
const atlasVersion = JSON.parse(
  readFileSync(new URL("./node_modules/world-atlas/package.json", import.meta.url)),
).version;
// Keep the 6% most significant points (planar triangle areas): outlines
// stay recognisable at page size while the asset stays small.
const simplified = simplify(presimplify(topology), quantile(presimplify(topology), 0.06));
const countries = feature(simplified, simplified.objects.countries);
const detailed = feature(topology, topology.objects.countries);

const projection = geoEqualEarth().fitWidth(WIDTH, { type: "Sphere" });
const path = geoPath(projection).digits(0);
const [[, top], [, bottom]] = path.bounds({ type: "Sphere" });

const shapes = countries.features.map((country, index) => {
  const original = detailed.features[index];
  return {
    numeric: country.id ?? null,
    name: country.properties.name,
    d: path(country) ?? "",
    // Where a marker goes when the shape is too small to see or to click.
    centroid: path.centroid(original).map((v) => Math.round(v * 10) / 10),
    area: Math.round(path.area(original) * 10) / 10,
  };
});

process.stdout.write(
  JSON.stringify({
    source: `world-atlas ${atlasVersion} countries-50m (Natural Earth 1:50m Admin 0, v4.1.0)`,
    width: WIDTH,
    height: Math.ceil(bottom - top),
    sphere: path({ type: "Sphere" }),
    shapes,
  }),
);
