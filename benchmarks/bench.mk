# `make bench`: the build benchmark (benchmarks/bench_build.py) on generated logs of BENCH_SIZES entries; it
# writes benchmarks/RESULTS.md. The full run (100,000 entries) takes several minutes; a quick one:
#     make bench BENCH_SIZES="1000 10000"
BENCH_SIZES ?= 1000 10000 100000

bench: $(STAMP)
	$(PY) benchmarks/bench_build.py --sizes $(BENCH_SIZES)

# The named SPARQL queries on a synthetic 1M-triple export, pyoxigraph against rdflib (writes QUERY_RESULTS.md),
# and the lineage page at 5,000 nodes / 15,000 edges in headless Chromium (appends to RENDER_RESULTS.md).
bench-queries: $(DEV_STAMP)
	$(PY) benchmarks/query_bench.py

bench-render: $(DEV_STAMP)
	$(PY) benchmarks/render_bench.py

bench-all: bench bench-queries bench-render

.PHONY: bench bench-queries bench-render bench-all
