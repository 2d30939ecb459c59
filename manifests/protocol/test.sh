#!/usr/bin/env bash
# Validates the protocol's schemas, examples and framing vectors, and manifests/plugin.json, with
# Debian's python3-jsonschema (installed when missing; needs root or sudo the first time).
# Last line: "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3  # Debian's: the python3 first on PATH may be one without Debian packages
if ! "$python" -c "import jsonschema" 2>/dev/null; then
  echo "installing python3-jsonschema"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends python3-jsonschema >/dev/null \
    || { echo "could not install python3-jsonschema" >&2; echo "0 passed, 1 failed"; exit 1; }
fi
exec "$python" "$here/validate.py"
