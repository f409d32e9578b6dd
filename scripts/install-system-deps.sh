#!/usr/bin/env bash
# Install the Debian packages the tests need, if they are missing:
#   chromium          real headless browser for the end-to-end and accessibility tests
#   libreoffice-writer  opens the generated .docx and .odt tender kits as a real client
#   default-jre-headless  runs the Nu HTML checker (vnu.jar)
#   nodejs, npm       axe-core, vnu-jar and Lighthouse come from npm
# Nothing is installed when everything is already there. Needs root (or sudo).
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "installing Debian packages: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: missing ${need[*]} and not root; install them with apt-get, then run make test again" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-liberation >/dev/null
