#!/usr/bin/env bash
# The benchmark table of BENCHMARKS.md in one command: every architecture x prior, our training step beside
# the PyTorch reference's (run right after it, same machine, one thread each), the ratios, and the figures
# the targets name (Exemplar retrieval share and exact evaluation rate, LARS Z rate against SGEMM, peak
# memory of a VAE + VampPrior run). The load average is printed before and after.
#   VAEPRIORS_DATA=../shared/data bash benchmarks/compare.sh [steps] [ARCH:prior,...]
# Installs PyTorch (CPU) into build/torch-venv with pip when it is missing there.
source "$(dirname "${BASH_SOURCE[0]}")/../environment/common.sh"
ensure_build_config
ensure_lib_jar
TORCH_VENV="$BUILD/torch-venv"
if ! "$TORCH_VENV/bin/python" -c 'import torch' 2>/dev/null; then
  log "installing PyTorch (CPU) into $TORCH_VENV with pip (log: build/torch-pip.log)"
  python3 -m venv "$TORCH_VENV" && "$TORCH_VENV/bin/pip" install --disable-pip-version-check torch \
    >"$BUILD/torch-pip.log" 2>&1
fi
export VAEPRIORS_DATA="$(cd "$ROOT" && realpath -m "${VAEPRIORS_DATA:-data}")"
export VAEPRIORS_PYTHON="$TORCH_VENV/bin/python" VAEPRIORS_HOME="$ROOT" OMP_NUM_THREADS=1
echo "load before: $(uptime)"
java -Xmx1g -jar "$LIB_JAR" benchmark compare "$@"
echo "load after: $(uptime)"
