#!/usr/bin/env bash
# Does a change leave the runs' numbers unchanged? Runs every run of the given notebooks' studies under a
# profile (default smoke) twice, side by side: with a reference jar (e.g. one built at the last commit) and
# with this checkout's jar. Then it compares every result.json, leaving out timings and the commit fields,
# and prints "identical" or the runs that differ (exit status 1).
#   VAEPRIORS_DATA=../shared/data bash benchmarks/same-results.sh REFERENCE_JAR NOTEBOOK [NOTEBOOK...]
#   e.g. git worktree add /tmp/ref HEAD~1 && cp -r .mvn /tmp/ref/ && (cd /tmp/ref/lib && mvn -q -o package -DskipTests)
# The reference must be built with this checkout's .mvn/maven.config: ND4J's native build for this CPU (e.g.
# onednn-avx512 against plain onednn) changes the numbers by itself. The script refuses to compare across two.
#        bash benchmarks/same-results.sh /tmp/ref/lib/target/vae-priors-lib-0.1.0-SNAPSHOT-all.jar 01 02
source "$(dirname "${BASH_SOURCE[0]}")/../environment/common.sh"
[[ $# -ge 2 && -f "$1" ]] || { echo "usage: same-results.sh REFERENCE_JAR NOTEBOOK [NOTEBOOK...]" >&2; exit 2; }
REFERENCE="$(realpath "$1")"; shift
ensure_build_config
ensure_lib_jar
export VAEPRIORS_DATA="$(data_dir)" VAEPRIORS_PROFILE="${VAEPRIORS_PROFILE:-smoke}" OMP_NUM_THREADS=1
OUT="$BUILD/same-results"
status=0
for nb in "$@"; do
  for side in reference this; do
    jar="$LIB_JAR"; [[ $side == reference ]] && jar="$REFERENCE"
    rm -rf "$OUT/$nb/$side" && mkdir -p "$OUT/$nb/$side"
    ( java -jar "$jar" plan "$nb" --profile "$VAEPRIORS_PROFILE" --out "$OUT/$nb/$side/plan" >/dev/null &&
      VAEPRIORS_RESULTS="$OUT/$nb/$side/results" java -jar "$jar" run "$OUT/$nb/$side/plan/manifest.json" \
        --parallel 1 >"$OUT/$nb/$side/log.txt" 2>&1 ) &
  done
  wait
  python3 - "$OUT/$nb" "$nb" <<'PY' || status=1
import glob, json, os, sys
root, nb = sys.argv[1:]
VARIES = {"provenance", "gitCommit", "gitDirty", "startedAt", "imagesPerSecond"}
def stable(x):
    if isinstance(x, dict):
        return {k: stable(v) for k, v in x.items()
                if k not in VARIES and not k.endswith("Seconds") and k != "seconds"}
    return [stable(v) for v in x] if isinstance(x, list) else x
def results(side):
    base = os.path.join(root, side, "results")
    return {os.path.relpath(f, base): stable(json.load(open(f)))
            for f in glob.glob(os.path.join(base, "**", "result.json"), recursive=True)}
def builds(side):
    base = os.path.join(root, side, "results")
    return {json.load(open(f)).get("provenance", {}).get("backend", {}).get("nativeBuild")
            for f in glob.glob(os.path.join(base, "**", "result.json"), recursive=True)}
if builds("reference") != builds("this"):
    print(f"notebook {nb}: the jars load different ND4J native builds ({sorted(map(str, builds('reference')))} "
          f"against {sorted(map(str, builds('this')))}), which change the numbers by themselves: build the "
          "reference with this checkout's .mvn/maven.config")
    sys.exit(1)
ref, this = results("reference"), results("this")
differ = sorted(k for k in set(ref) | set(this) if ref.get(k) != this.get(k))
if not ref:
    print(f"notebook {nb}: no runs finished (logs in {root})"); sys.exit(1)
print(f"notebook {nb}: {len(this)} runs, " + ("identical" if not differ else f"{len(differ)} differ: {differ}"))
sys.exit(1 if differ else 0)
PY
done
exit $status
