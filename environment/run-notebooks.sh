#!/usr/bin/env bash
# The main job: executes every notebook in notebooks/ headless under a profile (default quick),
# writes executed copies and HTML to output/<profile>/ and the figures to figures/.
#   bash environment/run-notebooks.sh [smoke|quick|paper] [notebook.ipynb ...]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PROFILE="${1:-${VAEPRIORS_PROFILE:-quick}}"
shift || true
case "$PROFILE" in smoke|quick|paper) ;; *) log "profile must be smoke, quick or paper, got '$PROFILE'"; exit 2 ;; esac

ensure_environment
require_nbclient
ensure_chromium
ensure_lib_jar

export VAEPRIORS_PROFILE="$PROFILE"
# relative to the project root, as the library resolves it
export VAEPRIORS_DATA="$(data_dir)"
ensure_mnist10k "$VAEPRIORS_DATA"
export VAEPRIORS_FIGURES="${VAEPRIORS_FIGURES:-$ROOT/figures}"
export VAEPRIORS_OUTPUT="${VAEPRIORS_OUTPUT:-$ROOT/output/$PROFILE}"

if [[ $# -gt 0 ]]; then notebooks=("$@"); else notebooks=("$ROOT"/notebooks/*.ipynb); fi
log "profile $PROFILE, data $VAEPRIORS_DATA, figures $VAEPRIORS_FIGURES, output $VAEPRIORS_OUTPUT"
"$JUPYTER_PY" "$ROOT/environment/execute_notebooks.py" --out "$VAEPRIORS_OUTPUT" --plotly-js "$PLOTLY_JS" "${notebooks[@]}" \
  2> >(grep --line-buffered -v -E '^\[[0-9-]+ [0-9:]+\] \[INFO' >&2)
