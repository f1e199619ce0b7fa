#!/usr/bin/env bash
# Install the PostgreSQL server binaries (initdb, pg_ctl) when they are missing.
# The test fixtures start their own throw-away server with them; nothing runs as a service.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || command -v pg_ctl >/dev/null; then
    exit 0
fi
echo "PostgreSQL server not found: installing it with apt-get (needed by the store tests)"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql
