#!/usr/bin/env bash
# Shared paths and idempotent install steps for the environment scripts. Sourced, not run.
# Everything installed here lands under build/ (gitignored), so a fresh clone installs it anew.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
VENV="$BUILD/venv"
KERNEL_NAME="vaepriors-java"
RAPAIO_VERSION="3.0.1"
PLOTLY_VERSION="2.35.3"
LIB_JAR="$ROOT/lib/target/vae-priors-lib-0.1.0-SNAPSHOT-all.jar"
# Heap for tables and data; ND4J's arrays live off-heap under the javacpp limits.
KERNEL_HEAP="${VAEPRIORS_KERNEL_HEAP:-3g}"
KERNEL_OFFHEAP="${VAEPRIORS_KERNEL_OFFHEAP:-8G}"
# JavaCPP's cap on the whole process (heap + off-heap): past it, it collects garbage before allocating.
KERNEL_PHYSICAL="${VAEPRIORS_KERNEL_PHYSICAL:-12G}"

log() { printf '[vaepriors] %s\n' "$*" >&2; }

# The ND4J native build this CPU supports: the generic build is ~10x slower on elementwise ops (STACK.md),
# and an AVX-512 build on a CPU without AVX-512 dies with SIGILL, so the choice follows /proc/cpuinfo.
# Always a oneDNN build: its convolutions are 4x faster (the library enables oneDNN only for them).
detect_cpu_classifier() {
  local flags
  flags="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
  if [[ "$(uname -m)" != "x86_64" ]]; then
    echo "linux-$(uname -m)"
  elif [[ " $flags " == *" avx512f "* && " $flags " == *" avx512bw "* && " $flags " == *" avx512vl "* ]]; then
    echo "linux-x86_64-onednn-avx512"
  elif [[ " $flags " == *" avx2 "* ]]; then
    echo "linux-x86_64-onednn-avx2"
  else
    echo "linux-x86_64-onednn"
  fi
}

# OpenBLAS 0.3.19 (ND4J's BLAS) picks its kernels from the CPU model number, and models newer than it
# (e.g. 207, Emerald Rapids, on this project's machines) fall back to its SSE3 "Prescott" kernels: SGEMM at
# 17 GFLOP/s instead of 70-100 (BENCHMARKS.md). OPENBLAS_CORETYPE names the kernels from the CPU's features
# instead; a value the user set is kept. Empty on other architectures (OpenBLAS's own detection).
detect_openblas_coretype() {
  local flags
  flags="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
  if [[ -n "${OPENBLAS_CORETYPE:-}" ]]; then
    echo "$OPENBLAS_CORETYPE"
  elif [[ "$(uname -m)" != "x86_64" ]]; then
    echo ""
  elif [[ " $flags " == *" avx512f "* && " $flags " == *" avx512bw "* && " $flags " == *" avx512vl "* ]]; then
    echo "SkylakeX"
  elif [[ " $flags " == *" avx2 "* ]]; then
    echo "Haswell"
  else
    echo ""
  fi
}

# Writes .mvn/maven.config (gitignored) so that every mvn call in this checkout, the user's own included,
# builds against the native ND4J build this machine supports and tests with the right OpenBLAS kernels.
ensure_build_config() {
  local classifier coretype want
  classifier="$(detect_cpu_classifier)"
  coretype="$(detect_openblas_coretype)"
  want="$(printf '%s\n%s' "-Dnd4j.cpu.classifier=$classifier" "-Dopenblas.coretype=$coretype")"
  mkdir -p "$ROOT/.mvn"
  if [[ ! -f "$ROOT/.mvn/maven.config" ]] || [[ "$(cat "$ROOT/.mvn/maven.config")" != "$want" ]]; then
    printf '%s\n' "$want" > "$ROOT/.mvn/maven.config"
    log "ND4J native build for this CPU: $classifier, OpenBLAS kernels: ${coretype:-its own detection} (written to .mvn/maven.config)"
  fi
  export OPENBLAS_CORETYPE="$coretype"
}

# Jupyter (nbclient, nbconvert, JupyterLab) in a project venv when a package index answers,
# else Debian's packages. Sets JUPYTER_PY to the Python that has them.
ensure_jupyter() {
  if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import nbclient, nbconvert, jupyter_client' 2>/dev/null; then
    JUPYTER_PY="$VENV/bin/python"; return
  fi
  log "installing JupyterLab, nbclient and nbconvert into $VENV (log: build/pip.log)"
  mkdir -p "$BUILD"
  rm -rf "$VENV"
  if python3 -m venv "$VENV" >"$BUILD/pip.log" 2>&1 \
      && "$VENV/bin/pip" install --disable-pip-version-check --retries 1 --timeout 30 \
           'jupyterlab>=4,<5' 'nbclient>=0.10' 'nbconvert>=7' 'nbformat>=5' 'ipykernel' >>"$BUILD/pip.log" 2>&1; then
    JUPYTER_PY="$VENV/bin/python"; return
  fi
  rm -rf "$VENV"
  if /usr/bin/python3 -c 'import nbclient, nbconvert, jupyter_client' 2>/dev/null; then
    log "pip could not install Jupyter (see build/pip.log); using Debian's"
    JUPYTER_PY=/usr/bin/python3; return
  fi
  if [[ "$(id -u)" != 0 ]]; then
    log "pip could not install Jupyter (see build/pip.log) and this is not root: install jupyterlab, nbclient"
    log "and nbconvert yourself (pip or apt), then run again"
    exit 1
  fi
  log "pip could not install Jupyter (see build/pip.log); installing Debian's packages"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jupyter-notebook \
    jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel) >>"$BUILD/pip.log" 2>&1
  JUPYTER_PY=/usr/bin/python3
}

# The rapaio Java kernel jar, from Maven Central.
ensure_kernel_jar() {
  KERNEL_JAR="$BUILD/kernel/rapaio-jupyter-kernel-$RAPAIO_VERSION.jar"
  if [[ ! -f "$KERNEL_JAR" ]]; then
    log "fetching the rapaio Java kernel $RAPAIO_VERSION from Maven Central"
    mvn -B -q dependency:copy -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$RAPAIO_VERSION" \
      -DoutputDirectory="$BUILD/kernel" >&2
  fi
}

# plotly.js 2.x (minified), inlined once per notebook for offline plots. 3.x drops Tablesaw's titles.
ensure_plotly() {
  PLOTLY_JS="$BUILD/plotly/plotly-$PLOTLY_VERSION.min.js"
  if [[ ! -f "$PLOTLY_JS" ]]; then
    log "fetching plotly.js $PLOTLY_VERSION from the npm registry"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "plotly.js-dist-min@$PLOTLY_VERSION" >/dev/null)
    tar -xzf "$tmp"/plotly.js-dist-min-*.tgz -C "$tmp"
    mkdir -p "$BUILD/plotly"
    mv "$tmp/package/plotly.min.js" "$PLOTLY_JS.tmp" && mv "$PLOTLY_JS.tmp" "$PLOTLY_JS"
    rm -rf "$tmp"
  fi
}

# Headless Chromium renders plotly figures to PNG for figures/. Optional: without it figures are HTML only.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then return; fi
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's chromium (renders figures to PNG)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 \
      || log "chromium could not be installed: figures will be saved as HTML only"
  else
    log "no chromium on PATH: figures will be saved as HTML only"
  fi
}

# Our kernelspec: the rapaio kernel started with the library jar on its start-up classpath, one ND4J
# thread (faster than two on small ops, STACK.md) and bounded heap and off-heap memory.
ensure_kernelspec() {
  local dir="$BUILD/kernelspec/$KERNEL_NAME"
  mkdir -p "$dir"
  "$JUPYTER_PY" - "$dir" "$KERNEL_JAR" "$LIB_JAR" "$PLOTLY_JS" "$ROOT" "$KERNEL_HEAP" "$KERNEL_OFFHEAP" \
      "$KERNEL_PHYSICAL" "$(detect_openblas_coretype)" <<'PY'
import json, sys
d, kernel_jar, lib_jar, plotly, root, heap, offheap, physical, coretype = sys.argv[1:]
spec = {
    "argv": ["java", f"-Xmx{heap}", f"-Dorg.bytedeco.javacpp.maxbytes={offheap}",
             f"-Dorg.bytedeco.javacpp.maxphysicalbytes={physical}",
             "-jar", kernel_jar, "{connection_file}"],
    "display_name": "Java (VAE Priors Lab)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "RJK_CLASSPATH": lib_jar,
        "OMP_NUM_THREADS": "1",
        "ND4J_IGNORE_AVX": "true",
        "VAEPRIORS_HOME": root,
        "VAEPRIORS_PLOTLY_JS": plotly,
    },
}
if coretype:
    spec["env"]["OPENBLAS_CORETYPE"] = coretype
with open(f"{d}/kernel.json", "w") as f:
    json.dump(spec, f, indent=1)
PY
  # Into the venv when Jupyter lives there (its jupyter lab finds it), else into the user's Jupyter path.
  if [[ "$JUPYTER_PY" == "$VENV/bin/python" ]]; then
    "$JUPYTER_PY" -m jupyter kernelspec install --prefix "$VENV" --replace --name "$KERNEL_NAME" "$dir" >/dev/null 2>&1
  else
    "$JUPYTER_PY" -m jupyter kernelspec install --user --replace --name "$KERNEL_NAME" "$dir" >/dev/null 2>&1
  fi
}

# The library jar the kernel starts with, rebuilt when any source or pom is newer.
ensure_lib_jar() {
  if [[ -f "$LIB_JAR" ]] && [[ -z "$(find "$ROOT/lib/src" "$ROOT/lib/pom.xml" "$ROOT/pom.xml" "$ROOT/.mvn" -newer "$LIB_JAR" -print -quit)" ]]; then
    return
  fi
  log "building the library jar (lib/target)"
  (cd "$ROOT" && mvn -B -q -pl lib -am -DskipTests package) >&2
}

# All of the above but the library jar and chromium.
ensure_environment() {
  ensure_build_config
  ensure_jupyter
  ensure_kernel_jar
  ensure_plotly
  ensure_kernelspec
}
