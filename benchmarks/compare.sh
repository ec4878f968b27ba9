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
# PyTorch's wheels link Intel MKL, which takes its slow generic code paths on CPUs whose vendor is not
# GenuineIntel (on an AMD EPYC here: SGEMM at 80 GFLOP/s for the VAE's [100 x 784] x [784 x 300] instead of 184,
# and every step 2-4x slower). A fair reference is PyTorch at its best: on such CPUs the reference runs with a
# one-function library preloaded that answers MKL's vendor check (mkl_serv_intel_cpu_true) with yes.
TORCH_PYTHON="$TORCH_VENV/bin/python"
if ! grep -qm1 GenuineIntel /proc/cpuinfo 2>/dev/null && [[ "$(uname -m)" == x86_64 ]]; then
  if [[ ! -f "$BUILD/mkl-vendor-check.so" ]]; then
    printf 'int mkl_serv_intel_cpu_true(void) { return 1; }\n' > "$BUILD/mkl-vendor-check.c"
    cc -shared -fPIC -O2 -o "$BUILD/mkl-vendor-check.so" "$BUILD/mkl-vendor-check.c" \
      || { log "no C compiler (apt-get install gcc): PyTorch runs with MKL's slow paths for this CPU"; }
  fi
  if [[ -f "$BUILD/mkl-vendor-check.so" ]]; then
    TORCH_PYTHON="$BUILD/torch-python"
    printf '#!/bin/sh\nLD_PRELOAD="%s" exec "%s" "$@"\n' "$BUILD/mkl-vendor-check.so" "$TORCH_VENV/bin/python" > "$TORCH_PYTHON"
    chmod +x "$TORCH_PYTHON"
    log "CPU vendor is not GenuineIntel: PyTorch runs with MKL's vendor check answered (build/mkl-vendor-check.so)"
  fi
fi
export VAEPRIORS_DATA="$(cd "$ROOT" && realpath -m "${VAEPRIORS_DATA:-data}")"
export VAEPRIORS_PYTHON="$TORCH_PYTHON" VAEPRIORS_HOME="$ROOT" OMP_NUM_THREADS=1
echo "load before: $(uptime)"
java -Xmx1g -jar "$LIB_JAR" benchmark compare "$@"
echo "load after: $(uptime)"
