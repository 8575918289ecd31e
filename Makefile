# recoverynet — the two commands: `make run` and `make test`. See README.md.
BUILD ?= build
JOBS ?= 2
DB ?= data/recoverynet.db
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")
LAUNCHER := $(shell command -v ccache >/dev/null 2>&1 && echo "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")

.PHONY: all deps build run test test-at test-asan fuzz bench clean format

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(GENERATOR) $(LAUNCHER) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# Creates the database and loads the demo feeds and casework network on first start, then serves on
# http://127.0.0.1:8080.
run: build
	$(BUILD)/recoverynet demo --db $(DB)
	$(BUILD)/recoverynet serve --db $(DB)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# Every test as if it were AT in ZONE: no test may depend on when it runs (tests/e2e/README.md, Clocks).
AT ?= 2026-12-01T23:30:00-06:00
ZONE ?= America/Chicago
test-at: build
	scripts/test-at $(AT) $(ZONE) $(BUILD)

# Every test (unit, database, HTTP) against a build with AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	$(MAKE) BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DRN_SANITIZE=ON" build
	ctest --test-dir build-asan --output-on-failure -j$(JOBS)

FUZZ_SECONDS ?= 60
fuzz: deps
	CXX=clang++ cmake -S . -B build-fuzz $(GENERATOR) $(LAUNCHER) -DRN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j$(JOBS)
	scripts/run-fuzz build-fuzz $(FUZZ_SECONDS)

bench: build
	bench/run --build $(BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'bench/*.cpp' 'fuzz/*.cpp')

clean:
	rm -rf $(BUILD) build-asan build-fuzz
