#!/usr/bin/env bash
# Re-derives the counts README.md quotes, from the code and from runs, and says where the README
# disagrees. Usage: scripts/readme_counts.sh [W2V_BINARY]
#   tests:     `swift test list` (builds the tests in debug if needed; CPU-heavy);
#   commands:  the subcommands `w2v --help` lists, each of which must have a row in the README;
#   CLI checks: with W2V_BINARY, runs scripts/cli_tests.sh on it (minutes) and takes its count.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
tests=$(swift test list 2>/dev/null | grep -c '\.' || true)
long=$(grep -rl 'requireLongTests()' Tests | xargs grep -c 'requireLongTests()' | awk -F: '{s += $2} END {print s + 0}')
echo "tests: $tests XCTest test methods (swift test list), $long of them long (run with W2V_LONG_TESTS=1, as CI does)"
grep -q "$tests tests" README.md || { echo "  README.md does not say '$tests tests'"; status=1; }
if [ $# -ge 1 ]; then
  binary=$1
  commands=$("$binary" --help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}')
  echo "commands: $(echo "$commands" | wc -l) ($(echo $commands | tr ' ' ','))"
  for c in $commands; do
    grep -q "^| \`$c\`" README.md || { echo "  README.md has no row for '$c'"; status=1; }
  done
  checks=$(scripts/cli_tests.sh "$binary" 2>&1 | tail -1)
  echo "CLI checks: $checks (scripts/cli_tests.sh)"
  passed=${checks%% passed*}
  grep -q "$passed command-line checks" README.md || { echo "  README.md does not say '$passed command-line checks'"; status=1; }
fi
exit $status
