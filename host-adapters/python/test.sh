#!/usr/bin/env bash
# Runs the Python client's tests with Debian's python3 (numpy from python3-numpy, installed when
# missing; needs root or sudo the first time). Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
python=/usr/bin/python3  # Debian's: the python3 first on PATH may be one without Debian packages
if ! "$python" -c "import numpy" 2>/dev/null; then
  echo "installing python3-numpy"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends python3-numpy >/dev/null \
    || echo "could not install python3-numpy; the numpy tests are skipped" >&2
fi
exec "$python" - <<'PY'
import sys
import unittest

suite = unittest.defaultTestLoader.discover("tests", top_level_dir=".")
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
print(f"{result.testsRun - failed - len(result.skipped)} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
