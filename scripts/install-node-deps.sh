#!/usr/bin/env bash
# Install the npm tools used by the browser checks, at the exact versions in
# package.json (no lock file: it would record download addresses).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f node_modules/.installed ] && [ node_modules/.installed -nt package.json ]; then
  exit 0
fi
npm install --no-audit --no-fund --no-package-lock --ignore-scripts --loglevel=error
touch node_modules/.installed
