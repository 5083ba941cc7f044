#!/usr/bin/env bash
# lint.sh: the static checks every submission must pass (issue 11).
#
#   go vet          the compiler's own checks
#   staticcheck     bugs, simplifications and unused code
#   deadcode -test  functions no program or test reaches (of both
#                   modules: beam/'s main is a root for batchapi)
#   deadcode        internal/ functions that only tests reach (test-only
#                   code in a library is dead weight; the top-level
#                   libraries align and tmx may keep exported API for
#                   other importers, which their Example tests show)
#   gocyclo         no non-test function above cyclomatic complexity 30
#
# The tools are installed with `go install` at pinned versions into
# $(go env GOPATH)/bin when missing, so a machine with only Go runs this.
# Usage: scripts/lint.sh [MODULE_DIR...]   (default: the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(go env GOPATH)/bin
need() { # need NAME PACKAGE@VERSION
  [ -x "$BIN/$1" ] || GOFLAGS=-mod=mod go install "$2"
}
need staticcheck honnef.co/go/tools/cmd/staticcheck@v0.7.0
need deadcode golang.org/x/tools/cmd/deadcode@v0.52.0
need gocyclo github.com/fzipp/gocyclo/cmd/gocyclo@v0.6.0

dirs=("$@"); [ ${#dirs[@]} -gt 0 ] || dirs=(.)
fail=0
for d in "${dirs[@]}"; do
  (
    cd "$d"
    echo "lint: $d: go vet"; go vet ./...
    echo "lint: $d: staticcheck"; "$BIN/staticcheck" ./...
    echo "lint: $d: deadcode"
    if [ -f beam/go.mod ]; then
      # beam/ is a module of its own that calls batchapi: analyse both
      # together (a throwaway go.work), so its main counts as a root.
      work=$(mktemp -d)
      printf 'go 1.26.0\n\nuse (\n\t%s\n\t%s/beam\n)\n' "$PWD" "$PWD" > "$work/go.work"
      out=$(GOWORK="$work/go.work" "$BIN/deadcode" -test ./... ./beam/...)
      rm -rf "$work"
    else
      out=$("$BIN/deadcode" -test ./...)
    fi
    if [ -f cmd/bitext/main.go ]; then
      out+=$("$BIN/deadcode" -filter "^$(go list -m)/internal/" ./cmd/bitext)
    fi
    if [ -n "$out" ]; then echo "$out"; exit 1; fi
    echo "lint: $d: gocyclo -over 30"
    out=$("$BIN/gocyclo" -over 30 -ignore '_test\.go$' .)
    if [ -n "$out" ]; then echo "$out"; exit 1; fi
  ) || fail=1
done
[ $fail = 0 ] && echo "lint: ok"
exit $fail
