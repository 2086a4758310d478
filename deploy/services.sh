# Shell functions that make sure the servers Relmap needs are there and running, installing
# them from Debian's packages when missing (as root). Sourced by deploy/cluster and .ci/run.

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "Missing $*: install it (sudo apt-get install $*) or run this as root." >&2
    return 1
  fi
  if [ -z "${_RELMAP_APT_UPDATED:-}" ]; then
    apt-get update -qq
    _RELMAP_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL on 127.0.0.1:5432 with trust authentication for local connections.
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  local version conf
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  conf=/etc/postgresql/$version/main/pg_hba.conf
  sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/; s/^(local\s+all\s+postgres\s+)\S+/\1trust/' "$conf"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
}

# A database named $1 on the local PostgreSQL (created when missing).
ensure_database() {
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE \"$1\""
}

# Redis on 127.0.0.1:6379. Prints "started" when this call started it (so the caller stops it).
ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile "${1:-/tmp/relmap-redis.log}" --pidfile "${2:-/tmp/relmap-redis.pid}"
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
  echo started
}

ensure_nginx() {
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx-light
}

# Dovecot's IMAP server, for the mail-capture tests (tests/capture): they start throwaway
# instances of their own from the binary, on free loopback ports; the system's service is
# not used.
ensure_dovecot() {
  command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || apt_install dovecot-imapd
}
