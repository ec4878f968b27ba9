#!/usr/bin/env bash
# The test command: installs what is missing, then runs the library's and the kernel's unit tests, starts the
# kernel 50 times the way JupyterLab does, executes every notebook under the smoke profile, and drives
# JupyterLab in headless Chromium (tests/), failing on any error, stderr output or missing plot.
#   bash environment/run-tests.sh [extra Maven arguments]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_environment
require_nbclient
ensure_chromedriver

# relative to the project root, as the library resolves it
export VAEPRIORS_DATA="$(data_dir)"
ensure_mnist10k "$VAEPRIORS_DATA"
cd "$ROOT"
# verify: lib's unit tests and its jar, the kernel and its jar (together the kernelspec's class path), then the
# notebook, kernel-start and browser tests against them.
mvn -B verify -Dvaepriors.python="$JUPYTER_PY" "$@"
