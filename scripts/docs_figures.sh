#!/bin/sh
# scripts/docs_figures.sh [BSWEEP]: draws the figures the README and docs/
# show (docs/*.png) again, from the configs they describe, with BSWEEP
# (default ./bsweep) and `bsweep plot`.  The sweeps run in a temporary
# directory; only the PNGs are copied into docs/.  Takes about 15 s.
set -eu
cd "$(dirname "$0")/.."
BSWEEP=${1:-./bsweep}
W=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-docs.XXXXXX")
trap 'rm -rf "$W"' EXIT

# fig NAME FIGURE DOCS_NAME CONFIG [--set ...]: sweep CONFIG into $W/NAME
# (once), draw it, copy NAME/FIGURE.png to docs/DOCS_NAME.png
fig() {
	name=$1 figure=$2 out=$3; shift 3
	if [ ! -f "$W/$name/run.json" ]; then
		"$BSWEEP" -q -j 2 -o "$W/$name" "$@"
		"$BSWEEP" plot -q "$W/$name"
	fi
	cp "$W/$name/$figure.png" "docs/$out.png"
	echo "docs/$out.png"
}
fig blobs curves curves configs/blobs.json
# the default experiment with 5 seeds (configs/blobs-5seeds.json's runs,
# blobs.json's whole analysis: docs/science.md reads these figures)
for f in scaling noise sharpness boundaries; do
	fig blobs-5seeds "$f" "$f" configs/blobs.json --set sweep.seeds='[0,1,2,3,4]'
done
fig lr-grid heatmap lr-grid-heatmap configs/blobs-lr-grid.json
fig linear-scaling heatmap linear-scaling-heatmap configs/blobs-linear-scaling.json
fig equal-steps summary equal-steps-summary configs/blobs-equal-steps.json
fig digits curves digits-curves configs/digits.json
fig moons boundaries moons-boundaries configs/moons.json
