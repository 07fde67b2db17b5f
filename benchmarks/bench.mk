# `make bench`: the build benchmark (benchmarks/bench_build.py) on generated logs of BENCH_SIZES entries; it
# writes benchmarks/RESULTS.md. The full run (100,000 entries) takes several minutes; a quick one:
#     make bench BENCH_SIZES="1000 10000"
BENCH_SIZES ?= 1000 10000 100000

bench: $(STAMP)
	$(PY) benchmarks/bench_build.py --sizes $(BENCH_SIZES)
