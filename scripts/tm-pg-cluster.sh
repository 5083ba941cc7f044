#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tm tests and benchmarks.
#
#   URL=$(scripts/tm-pg-cluster.sh start)    # prints a postgres:// URL on stdout
#   BITEXT_TEST_POSTGRES=$URL go test ./internal/tm/
#   scripts/tm-pg-cluster.sh stop "$URL"     # stops it and deletes its directory
#
# The cluster lives in a new temporary directory: initdb runs as the calling
# user, or as the Debian "postgres" system user when called as root (initdb
# refuses root). It listens only on a Unix socket in that directory (no TCP
# port, so nothing else on the machine can reach it; the directory is mode
# 0700), with trust authentication for the user "bitext", fsync off. Needs
# the Debian package postgresql (binaries in /usr/lib/postgresql/N/bin);
# PGBIN overrides the directory.
set -euo pipefail

pgbin() {
	if [[ -n "${PGBIN:-}" ]]; then echo "$PGBIN"; return; fi
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
	if [[ -z "$d" ]]; then
		echo "tm-pg-cluster: PostgreSQL not found (apt-get install postgresql, or set PGBIN)" >&2
		exit 1
	fi
	echo "$d"
}

as_owner() { # run a command as the cluster's owner
	if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
	local bin dir
	bin=$(pgbin)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/bitext-pg.XXXXXX")
	if [[ $(id -u) -eq 0 ]]; then
		id postgres >/dev/null 2>&1 || { echo "tm-pg-cluster: running as root needs the 'postgres' system user (Debian's postgresql package creates it)" >&2; exit 1; }
		chown postgres: "$dir"
	fi
	chmod 700 "$dir"
	as_owner "$bin/initdb" -D "$dir/data" -U bitext -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null || { cat "$dir/server.log" >&2; rm -rf "$dir"; exit 1; }
	echo "postgres://bitext@/postgres?host=$dir&sslmode=disable"
}

stop() {
	local arg=${1:?usage: tm-pg-cluster.sh stop URL|DIR} dir bin
	if [[ "$arg" == postgres://* ]]; then
		dir=${arg#*host=}
		dir=${dir%%&*}
	else
		dir=$arg
	fi
	case "$dir" in
	"${TMPDIR:-/tmp}"/bitext-pg.*) ;;
	*) echo "tm-pg-cluster: $dir is not a cluster this script made" >&2; exit 1 ;;
	esac
	bin=$(pgbin)
	if [[ -d "$dir/data" ]]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
*) echo "usage: $0 start | stop URL" >&2; exit 2 ;;
esac
