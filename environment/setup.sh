#!/usr/bin/env bash
# Installs what the notebooks need, idempotently: the ND4J build for this CPU, Jupyter (JupyterLab,
# nbclient, nbconvert), the rapaio Java kernel with our kernelspec, plotly.js, and the library jar.
# Afterwards: build/venv/bin/jupyter lab notebooks/
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_environment
ensure_lib_jar
log "ready: kernel '$KERNEL_NAME' (Java (VAE Priors Lab)) with $(basename "$LIB_JAR")"
log "open the notebooks with: $JUPYTER_PY -m jupyter lab $ROOT/notebooks"
