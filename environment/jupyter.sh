#!/usr/bin/env bash
# Opens the notebooks in JupyterLab (or in the classic Notebook where only that is installed), after installing
# what is missing (environment/setup.sh). Extra arguments go to Jupyter, e.g. --port=8890.
#   [VAEPRIORS_PROFILE=paper] [VAEPRIORS_DATA=DIR] bash environment/jupyter.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_environment
ensure_lib_jar
export VAEPRIORS_DATA="$(data_dir)"
ensure_mnist10k "$VAEPRIORS_DATA"
if [[ -z "$JUPYTER_APP" ]]; then log "$(jupyter_command)"; exit 2; fi
log "running: $(jupyter_command) $*"
exec "$JUPYTER_PY" -m jupyter "$JUPYTER_APP" "$ROOT/notebooks" "$@"
