#!/usr/bin/env bash
# The test command: installs what is missing, then runs the library's unit tests and executes every
# notebook under the smoke profile (tests/), failing on any error, stderr output or missing plot.
#   bash environment/run-tests.sh [extra Maven arguments]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_environment

# relative to the project root, as the library resolves it
export VAEPRIORS_DATA="$(cd "$ROOT" && realpath -m "${VAEPRIORS_DATA:-data}")"
cd "$ROOT"
# verify: lib's unit tests, its jar (the kernel's classpath), then the notebooks against that jar.
mvn -B verify -Dvaepriors.python="$JUPYTER_PY" "$@"
