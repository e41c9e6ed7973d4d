# Shared by bin/test and bin/demo: make sure what Company Chat needs is installed and running.
# Each function is idempotent: it does nothing when the thing is already there.

# JVM flags for every Payara Micro we start. Payara's MicroProfile JWT parses each bearer token
# with Json.createReader(), and JSON-P then looks its provider up through the ServiceLoader (a
# scan of the application's jars) on every call: a fifth of a socket handshake's CPU. Naming the
# provider Payara ships (Parsson) makes that a cached class. docs/admin-guide.md says the same.
# PAYARA_JVM_FLAGS= (empty) leaves it out, to compare.
PAYARA_JVM_FLAGS=${PAYARA_JVM_FLAGS-"-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl"}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# For a subshell about to start a long-lived service: closes the files it inherited (a lock the
# caller holds around a build, say), which the service would otherwise keep open for ever.
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] && [ "$fd" -ne 255 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_java_maven() {
  command -v javac >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
}

# PostgreSQL on 127.0.0.1:5432, user postgres without password (trust), as on CI machines.
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql postgresql-client
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  (close_inherited_fds; as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start) || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return
    sleep 1
  done
  echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
  exit 1
}

# Redis on 127.0.0.1:6379, nothing kept on disk.
ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server redis-tools
  as_root mkdir -p /var/lib/redis /var/log/redis
  (close_inherited_fds; as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log)
  for _ in $(seq 1 30); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return
    sleep 1
  done
  echo "Redis did not start on 127.0.0.1:6379" >&2
  exit 1
}

# A display for the SWT client: the real one if there is one, else Xvfb on :99.
ensure_display() {
  if [ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1; then return; fi
  command -v Xvfb >/dev/null 2>&1 || apt_install xvfb xauth
  ensure_gtk
  export DISPLAY=:99
  if ! pgrep -f "Xvfb :99" >/dev/null 2>&1; then
    (close_inherited_fds; exec Xvfb :99 -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1) &
    sleep 1
  fi
}

# SWT on Linux draws with GTK 3.
ensure_gtk() {
  dpkg -s libgtk-3-0 >/dev/null 2>&1 || apt_install libgtk-3-0
}

# nginx for the local cluster (bin/cluster); only the binary is used, with a configuration of ours.
ensure_nginx() {
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx-light
  command -v nginx >/dev/null 2>&1 || export PATH="$PATH:/usr/sbin"
}
