#!/usr/bin/env bash
# test.sh: the README's test command. Runs the main module's tests, then
# the Apache Beam pipeline module's (beam/, its own go.mod: its first build
# fetches and compiles the Beam SDK, about 2 minutes on 2 cores).
#
# Tests that need something the machine lacks skip with the reason: the
# eval sets (../shared/eval), Chromium, xmllint, Translate Toolkit, OmegaT,
# installed dictionaries, and PostgreSQL (BITEXT_TEST_POSTGRES, a URL that
# .ci/run sets from scripts/tm-pg-cluster.sh). Extra arguments go to both
# `go test` runs (e.g. -short, -count=1, -run X).
set -euo pipefail
cd "$(dirname "$0")/.."
go test "$@" ./...
if [ -f beam/go.mod ]; then
  (cd beam && go test "$@" ./...)
fi
