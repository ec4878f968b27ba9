#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying a study's job array before a lab cluster, and for the
# test that does exactly that (tests/.../ClusterStudyTest). Everything lives in one scratch folder: its own
# munged (own key and socket), slurmctld and slurmd on free ports, state, spool and logs; nothing under
# /etc is changed and no running Slurm or munge is touched. Needs root (the daemons run as root, munged as
# the munge user); installs Debian's slurm-wlm and munge when missing.
#
#   bash environment/slurm-local.sh start [DIR]   start it (DIR defaults to build/slurm); prints the line
#                                                 to source: export SLURM_CONF=DIR/slurm.conf
#   bash environment/slurm-local.sh stop [DIR]    stop the daemons it started, by their PIDs
#
# Then: source DIR/env.sh; sbatch --wait JOB.sbatch; squeue; sinfo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CMD="${1:-}"
DIR="$(realpath -m "${2:-$ROOT/build/slurm}")"

log() { printf '[slurm-local] %s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ensure_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
      && command -v munged >/dev/null; then
    return
  fi
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    log "Slurm and munge are not installed and this is not root on Debian: install slurm-wlm and munge, then run again"
    exit 1
  fi
  log "installing Debian's slurm-wlm and munge (about 25 s; log: $DIR/apt.log)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) >"$DIR/apt.log" 2>&1 \
    || { log "apt-get failed, see $DIR/apt.log"; exit 1; }
}

stop() {
  local pidfile pid name
  for name in slurmd slurmctld munged; do
    pidfile="$DIR/$name.pid"
    [[ -f "$pidfile" ]] || continue
    pid="$(cat "$pidfile")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        log "$name ($pid) did not stop on SIGTERM within 10 s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$pidfile"
  done
  log "stopped (state and logs stay in $DIR)"
}

start() {
  if [[ "$(id -u)" != 0 ]]; then
    log "needs root: the Slurm daemons run as root here and munged as the munge user"
    exit 1
  fi
  mkdir -p "$DIR"
  if [[ -f "$DIR/slurmctld.pid" ]] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then
    log "already running in $DIR (stop it first)"
    exit 1
  fi
  ensure_packages
  mkdir -p "$DIR/munge" "$DIR/state" "$DIR/spool" "$DIR/log"
  # munged checks its folder: owned by munge, writable by no one else, searchable by all (the socket)
  chown munge:munge "$DIR/munge"
  chmod 0755 "$DIR/munge"
  if [[ ! -f "$DIR/munge/munge.key" ]]; then
    runuser -u munge -- mungekey --create --keyfile="$DIR/munge/munge.key" >/dev/null 2>&1 \
      || { dd if=/dev/urandom bs=1 count=1024 of="$DIR/munge/munge.key" 2>/dev/null;
           chown munge:munge "$DIR/munge/munge.key"; chmod 0400 "$DIR/munge/munge.key"; }
  fi
  local socket="$DIR/munge/munge.socket"
  runuser -u munge -- /usr/sbin/munged --socket="$socket" --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed" \
    || { log "munged did not start: $(tail -3 "$DIR/munge/munged.log" 2>/dev/null)"; exit 1; }
  for _ in $(seq 1 50); do [[ -s "$DIR/munge/munged.pid" ]] && break; sleep 0.1; done
  cp "$DIR/munge/munged.pid" "$DIR/munged.pid"
  munge -S "$socket" -n | unmunge -S "$socket" >/dev/null \
    || { log "munge does not round-trip a credential on $socket"; stop; exit 1; }

  local cpus mem ctld_port node_port
  cpus="$(nproc)"
  # below the real memory, so that slurmd does not drain the node for having less than it claims
  mem="$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1)"
  mem="$(( ${mem:-4096} * 9 / 10 ))"
  ctld_port="$(free_port)"
  node_port="$(free_port)"
  cat >"$DIR/slurm.conf" <<EOF
# Written by environment/slurm-local.sh: a one-node cluster on localhost, everything in $DIR
ClusterName=vaepriors$(printf '%s' "$DIR" | cksum | cut -c1-6)
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$node_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.daemon.pid
SlurmdPidFile=$DIR/slurmd.daemon.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
NodeName=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$DIR/slurm.conf"
  printf 'export SLURM_CONF=%q\n' "$SLURM_CONF" >"$DIR/env.sh"
  slurmctld -D -f "$SLURM_CONF" >"$DIR/log/slurmctld.out" 2>&1 &
  echo $! >"$DIR/slurmctld.pid"
  slurmd -D -f "$SLURM_CONF" -N localhost >"$DIR/log/slurmd.out" 2>&1 &
  echo $! >"$DIR/slurmd.pid"
  local state=""
  for _ in $(seq 1 150); do
    state="$(sinfo -h -N -o %T 2>/dev/null | head -1 || true)"
    [[ "$state" == idle* || "$state" == mixed* || "$state" == allocated* ]] && break
    sleep 0.2
  done
  if [[ "$state" != idle* && "$state" != mixed* && "$state" != allocated* ]]; then
    log "the node did not come up within 30 s (state '$state'); logs in $DIR/log"
    stop
    exit 1
  fi
  log "one-node cluster up: $cpus CPUs, ${mem} MB; munged $(cat "$DIR/munged.pid"), slurmctld $(cat "$DIR/slurmctld.pid"), slurmd $(cat "$DIR/slurmd.pid")"
  echo "export SLURM_CONF=$SLURM_CONF"
}

case "$CMD" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: bash environment/slurm-local.sh start|stop [DIR]" >&2; exit 2 ;;
esac
