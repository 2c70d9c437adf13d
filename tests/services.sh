# Sourced by ./test.sh: installs (apt) and starts the services the integration tests talk to, on
# loopback and on non-default ports, and stops them again. One function per service.
#
#   aw_services_install        apt-get only what is missing (update once, noninteractive)
#   aw_services_start          start all, export ADVISORYWATCH_TEST_*; non-zero with a message on failure
#                              (= aw_services_launch, then aw_services_ready: RabbitMQ boots for
#                              ~10 s, so test.sh builds between the two)
#   aw_services_stop           stop all; silent, safe to call twice (the EXIT trap calls it)
#
# State lives in one fixed folder under $TMPDIR so that a run killed with SIGKILL is cleaned up by
# the next one, and a lock serialises concurrent runs on one machine (the ports are fixed).
# shellcheck shell=bash

AW_PG_PORT="${AW_PG_PORT:-55432}"
AW_RABBIT_PORT="${AW_RABBIT_PORT:-55672}"
AW_RABBIT_DIST_PORT="${AW_RABBIT_DIST_PORT:-55673}"
AW_EPMD_PORT="${AW_EPMD_PORT:-55669}"
AW_SMTP_PORT="${AW_SMTP_PORT:-2525}"
AW_SERVICES_ROOT="${TMPDIR:-/tmp}/advisorywatch-test-services"
AW_SERVICES_STATE="$AW_SERVICES_ROOT/run"
AW_RABBIT_NODE="advisorywatch-test@localhost"
AW_SERVICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

aw_log() { echo "services: $*" >&2; }
aw_now() { date +%s%N; }
aw_since() { local ms=$((($(aw_now) - $1) / 1000000)); printf '%d.%02ds' $((ms / 1000)) $((ms % 1000 / 10)); }

# True when something accepts TCP connections on 127.0.0.1:$1.
aw_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# aw_wait_port PORT SECONDS PID: wait for the port while PID lives.
aw_wait_port() {
  local port=$1 deadline=$(($(date +%s) + $2)) pid=${3:-}
  until aw_port_open "$port"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.1
  done
}

aw_require_free_port() {
  if aw_port_open "$1"; then
    aw_log "$2: port 127.0.0.1:$1 is already taken by another process (not ours); stop it or set $3"
    return 1
  fi
}

# --- install -------------------------------------------------------------------------------

aw_services_install() {
  local wanted=(postgresql rabbitmq-server python3-aiosmtpd chromium) missing=() p
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local t0; t0=$(aw_now)
  export DEBIAN_FRONTEND=noninteractive
  # A lock timeout instead of a failure when another apt run holds dpkg.
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 &&
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >"$AW_SERVICES_ROOT.apt.log" 2>&1 || {
      tail -n 20 "$AW_SERVICES_ROOT.apt.log" >&2
      aw_log "apt-get install ${missing[*]} failed"
      return 1
    }
  aw_log "installed ${missing[*]} in $(aw_since "$t0")"
}

# --- PostgreSQL ----------------------------------------------------------------------------

aw_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

aw_start_postgres() {
  local t0 bin dir="$AW_SERVICES_STATE/postgres"
  t0=$(aw_now)
  bin=$(aw_pg_bin)
  [ -x "$bin/initdb" ] || { aw_log "postgres: initdb not found (is postgresql installed?)"; return 1; }
  aw_require_free_port "$AW_PG_PORT" postgres AW_PG_PORT || return 1
  mkdir -p "$dir" && chown postgres:postgres "$dir" && chmod 700 "$dir"
  # Postgres refuses to run as root. Durability is not wanted in tests: fsync off.
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; aw_log "postgres: initdb failed"; return 1; }
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $AW_PG_PORT -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null 2>&1 || { tail -n 20 "$dir/server.log" >&2; aw_log "postgres: did not start"; return 1; }
  runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$AW_PG_PORT" -U postgres advisorywatch_test \
    || { aw_log "postgres: createdb advisorywatch_test failed"; return 1; }
  export ADVISORYWATCH_TEST_POSTGRES="Host=127.0.0.1;Port=$AW_PG_PORT;Database=advisorywatch_test;Username=postgres"
  aw_log "postgres    127.0.0.1:$AW_PG_PORT started in $(aw_since "$t0")"
}

aw_stop_postgres() {
  local dir="$AW_SERVICES_STATE/postgres" bin
  [ -f "$dir/data/postmaster.pid" ] || return 0
  bin=$(aw_pg_bin)
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
}

# --- RabbitMQ ------------------------------------------------------------------------------

# The broker runs as Debian's rabbitmq user with a private HOME (its own Erlang cookie), a private
# node name, its own epmd port and everything bound to loopback.
aw_rabbit_run() {
  local dir="$AW_SERVICES_STATE/rabbitmq"
  # runuser resets HOME, so env sets it after the switch.
  runuser -u rabbitmq -- env HOME="$dir" \
    RABBITMQ_NODENAME="$AW_RABBIT_NODE" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$AW_RABBIT_PORT" \
    RABBITMQ_DIST_PORT="$AW_RABBIT_DIST_PORT" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    ERL_EPMD_PORT="$AW_EPMD_PORT" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/rabbit.pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    "$@"
}

# Launches the broker without waiting, so it boots while the other services start.
aw_launch_rabbitmq() {
  local dir="$AW_SERVICES_STATE/rabbitmq"
  AW_RABBIT_T0=$(aw_now)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || { aw_log "rabbitmq: rabbitmq-server not found (is it installed?)"; return 1; }
  aw_require_free_port "$AW_RABBIT_PORT" rabbitmq AW_RABBIT_PORT || return 1
  mkdir -p "$dir/mnesia" "$dir/log"
  echo "[]." >"$dir/enabled_plugins"
  : >"$dir/rabbitmq.conf"
  : >"$dir/rabbitmq-env.conf"
  echo "[]." >"$dir/advanced.config"
  chown -R rabbitmq:rabbitmq "$dir"
  (cd "$dir" && aw_rabbit_run /usr/lib/rabbitmq/bin/rabbitmq-server \
    >"$dir/log/stdout.log" 2>&1 </dev/null) &
  AW_RABBIT_LAUNCHER=$!
  # The broker boots while test.sh builds; note when its port opened, for an honest start time.
  (aw_wait_port "$AW_RABBIT_PORT" 90 "$AW_RABBIT_LAUNCHER" && aw_since "$AW_RABBIT_T0" >"$dir/started-after") </dev/null >/dev/null 2>&1 &
}

aw_wait_rabbitmq() {
  local dir="$AW_SERVICES_STATE/rabbitmq"
  if ! aw_wait_port "$AW_RABBIT_PORT" 90 "$AW_RABBIT_LAUNCHER"; then
    tail -n 30 "$dir/log/stdout.log" >&2
    aw_log "rabbitmq: did not start on 127.0.0.1:$AW_RABBIT_PORT (log above, more in $dir/log)"
    return 1
  fi
  # The AMQP listener opens late in boot, but await_startup is the broker's own word.
  (cd "$dir" && aw_rabbit_run /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$AW_RABBIT_NODE" await_startup --timeout 60) \
    >/dev/null 2>&1 || { aw_log "rabbitmq: await_startup failed"; return 1; }
  export ADVISORYWATCH_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$AW_RABBIT_PORT/"
  aw_log "rabbitmq    127.0.0.1:$AW_RABBIT_PORT started in $(cat "$dir/started-after" 2>/dev/null || aw_since "$AW_RABBIT_T0")"
}

# The broker's Erlang VM: from its pid file, or (still booting, or left by a killed run) by the
# private epmd port on its command line, which only our broker uses.
aw_rabbit_pids() {
  cat "$AW_SERVICES_STATE/rabbitmq/rabbit.pid" 2>/dev/null
  echo
  pgrep -u rabbitmq -f -- "-epmd_port $AW_EPMD_PORT " 2>/dev/null
}

aw_stop_rabbitmq() {
  local pids pid
  pids=$(aw_rabbit_pids | sort -u)
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null; done
  # SIGTERM makes the broker shut down cleanly; escalate if it hangs.
  for _ in $(seq 1 100); do
    local alive=0
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for pid in $pids; do kill -KILL "$pid" 2>/dev/null; done
  # Our private epmd (own port) would otherwise outlive the broker; it stops once no node is registered.
  if command -v epmd >/dev/null || [ -x /usr/lib/erlang/bin/epmd ]; then
    ERL_EPMD_PORT="$AW_EPMD_PORT" "$(command -v epmd || echo /usr/lib/erlang/bin/epmd)" -kill >/dev/null 2>&1 || true
  fi
  return 0
}

# --- SMTP ----------------------------------------------------------------------------------

aw_start_smtp() {
  local t0 dir="$AW_SERVICES_STATE/smtp"
  t0=$(aw_now)
  # Debian's python modules import only under its own interpreter, not a python3 first on PATH.
  /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || { aw_log "smtp: aiosmtpd does not import under /usr/bin/python3"; return 1; }
  aw_require_free_port "$AW_SMTP_PORT" smtp AW_SMTP_PORT || return 1
  mkdir -p "$dir/mail"
  /usr/bin/python3 "$AW_SERVICES_DIR/smtp_sink.py" --host 127.0.0.1 --port "$AW_SMTP_PORT" --dir "$dir/mail" \
    >"$dir/smtp.log" 2>&1 </dev/null &
  echo $! >"$dir/smtp.pid"
  aw_wait_port "$AW_SMTP_PORT" 30 "$(cat "$dir/smtp.pid")" || { cat "$dir/smtp.log" >&2; aw_log "smtp: did not start"; return 1; }
  export ADVISORYWATCH_TEST_SMTP_HOST=127.0.0.1
  export ADVISORYWATCH_TEST_SMTP_PORT="$AW_SMTP_PORT"
  export ADVISORYWATCH_TEST_SMTP_DIR="$dir/mail"
  aw_log "smtp        127.0.0.1:$AW_SMTP_PORT started in $(aw_since "$t0") (messages in \$ADVISORYWATCH_TEST_SMTP_DIR/new)"
}

aw_stop_smtp() {
  local pidfile="$AW_SERVICES_STATE/smtp/smtp.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# --- Chromium ------------------------------------------------------------------------------

aw_check_chromium() {
  [ -x /usr/bin/chromium ] || { aw_log "chromium: /usr/bin/chromium not found"; return 1; }
  export ADVISORYWATCH_TEST_CHROMIUM=/usr/bin/chromium
  aw_log "chromium    $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
}

# --- all -----------------------------------------------------------------------------------

aw_stop_all() {
  [ -d "$AW_SERVICES_STATE" ] || return 0
  aw_stop_smtp
  aw_stop_postgres
  aw_stop_rabbitmq
  rm -rf "$AW_SERVICES_STATE"
}

# Stops only what this run owns: a run still waiting for another must not stop the other's services.
aw_services_stop() {
  [ "$(cat "$AW_SERVICES_ROOT/owner" 2>/dev/null)" = "$$" ] || return 0
  aw_stop_all
  rm -f "$AW_SERVICES_ROOT/owner"
}

aw_claim_services() {
  (
    flock -w 10 9 || exit 1
    owner=$(cat "$AW_SERVICES_ROOT/owner" 2>/dev/null)
    if [ -n "$owner" ] && [ "$owner" != "$$" ] && kill -0 "$owner" 2>/dev/null; then exit 1; fi
    echo $$ >"$AW_SERVICES_ROOT/owner"
  ) 9>"$AW_SERVICES_ROOT/lock"
}

aw_services_start() { aw_services_launch && aw_services_ready; }

aw_services_launch() {
  mkdir -p "$AW_SERVICES_ROOT"
  # Concurrent runs on one machine would fight over the fixed ports: the first run owns the
  # services until it exits. Ownership is a PID in a file (claimed under a short flock), not a
  # held lock, because build servers and brokers started by the run would inherit a lock's fd.
  local waited=0
  until aw_claim_services; do
    [ $waited -eq 0 ] && aw_log "another ./test.sh (pid $(cat "$AW_SERVICES_ROOT/owner" 2>/dev/null)) holds the test services; waiting"
    waited=$((waited + 2))
    [ $waited -gt 2700 ] && { aw_log "gave up waiting for the other run"; return 1; }
    sleep 2
  done
  # Whatever a killed earlier run left behind.
  aw_stop_all
  mkdir -p "$AW_SERVICES_STATE"
  chmod 755 "$AW_SERVICES_STATE"
  aw_launch_rabbitmq &&
    aw_start_postgres &&
    aw_start_smtp &&
    aw_check_chromium
}

aw_services_ready() { aw_wait_rabbitmq; }
