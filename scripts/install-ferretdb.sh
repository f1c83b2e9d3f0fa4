#!/usr/bin/env bash
# Builds FerretDB v1.24.2 (MongoDB wire protocol on PostgreSQL or SQLite) into .data/bin/ferretdb from the Go module
# proxy. See tools/ferretdb/main.go for why this wraps FerretDB's embeddable package instead of `go install`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.data/bin/ferretdb"
# Go needs a HOME for its build cache; and Go's usual install places, for shells whose PATH lacks them.
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
export PATH="$PATH:/usr/local/go/bin:$HOME/go/bin"
if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed: get it from https://go.dev/dl, or set MONGODB_URI to a MongoDB server instead." >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
if [ -x "$out" ] && "$out" --version >/dev/null 2>&1 && [ "$out" -nt "$root/tools/ferretdb/go.sum" ]; then
  echo "FerretDB already built: $out"
  exit 0
fi
echo "Building FerretDB into $out (a few minutes the first time)..."
(cd "$root/tools/ferretdb" && go build -o "$out" .)
"$out" --version
