#!/usr/bin/env bash
# The servers the test suite and the benchmarks talk to, on a bare Debian machine or a
# developer's own: PostgreSQL, Redis and one OpenSearch node.
#
#   scripts/services.sh start [postgres] [redis] [opensearch]   (all three by default)
#   scripts/services.sh stop
#
# `start` makes each one answer and writes the addresses to var/services/env (shell
# syntax, sourced by the Makefile). It reuses what already runs and remembers what it
# started itself in var/services/started; `stop` stops only those, so a developer's own
# servers are never touched. The Debian packages come from `make system-deps`.
#
# PostgreSQL: the machine's cluster on 127.0.0.1:5432 (created with pg_createcluster and
# started with pg_ctlcluster when needed) and a role `dela` with password authentication
# and CREATEDB, made through the local superuser. TEST_DATABASE_URL set by hand skips all
# of that. Redis: its own server on 127.0.0.1:6391 with a password, data in memory only.
# OpenSearch: see scripts/opensearch/node.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=var/services
STARTED=$STATE/started
ENV_FILE=$STATE/env
mkdir -p "$STATE"
touch "$STARTED"

PG_ROLE=dela
PG_PASSWORD=dela-test-only
PG_PORT=5432
REDIS_PORT=${DELA_TEST_REDIS_PORT:-6391}
REDIS_PASSWORD=dela-test-only

say() { echo "services: $*"; }
fail() { echo "services: $*" >&2; exit 1; }
remember() { grep -qx "$1" "$STARTED" || echo "$1" >>"$STARTED"; }
as_postgres() { runuser -u postgres -- "$@"; }

start_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    say "PostgreSQL: using TEST_DATABASE_URL as given"
    echo "TEST_DATABASE_URL='$TEST_DATABASE_URL'" >>"$ENV_FILE"
    return
  fi
  command -v pg_lsclusters >/dev/null || fail "PostgreSQL is not installed (make system-deps)"
  local version cluster status
  read -r version cluster _ status _ < <(pg_lsclusters -h | awk -v p=$PG_PORT '$3 == p' | head -n1) || true
  if [ -z "${version:-}" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
    cluster=main
    say "PostgreSQL: creating cluster $version/$cluster on port $PG_PORT"
    pg_createcluster "$version" "$cluster" --port "$PG_PORT" >/dev/null
    status=down
  fi
  if [ "$status" != online ]; then
    say "PostgreSQL: starting cluster $version/$cluster"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
    remember "postgres $version $cluster"
  fi
  for _ in $(seq 30); do
    pg_isready -q -h 127.0.0.1 -p $PG_PORT && break
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p $PG_PORT || fail "PostgreSQL does not answer on 127.0.0.1:$PG_PORT"
  # The role the suite logs in as: password authentication over TCP (Debian's default
  # pg_hba.conf asks for scram-sha-256 on 127.0.0.1), allowed to create test databases.
  as_postgres psql -q -p $PG_PORT -v ON_ERROR_STOP=1 <<SQL >/dev/null
SELECT 'CREATE ROLE $PG_ROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE')\gexec
ALTER ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
SELECT 'CREATE DATABASE dela OWNER $PG_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'dela')\gexec
SQL
  local url="postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/dela"
  PGPASSWORD=$PG_PASSWORD psql -q -h 127.0.0.1 -p $PG_PORT -U $PG_ROLE -d dela -c 'SELECT 1' >/dev/null \
    || fail "PostgreSQL refuses the role $PG_ROLE on 127.0.0.1:$PG_PORT (check pg_hba.conf)"
  say "PostgreSQL $version ready at 127.0.0.1:$PG_PORT (role $PG_ROLE)"
  echo "TEST_DATABASE_URL='$url'" >>"$ENV_FILE"
}

redis_ping() {
  REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
}

start_redis() {
  command -v redis-server >/dev/null || fail "Redis is not installed (make system-deps)"
  if ! redis_ping; then
    say "Redis: starting a server on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --requirepass "$REDIS_PASSWORD" \
      --save '' --appendonly no --daemonize yes \
      --pidfile "$PWD/$STATE/redis.pid" --logfile "$PWD/$STATE/redis.log"
    remember redis
    for _ in $(seq 20); do redis_ping && break; sleep 0.5; done
  fi
  redis_ping || fail "Redis does not answer on 127.0.0.1:$REDIS_PORT (see $STATE/redis.log)"
  say "Redis ready at 127.0.0.1:$REDIS_PORT"
  echo "DELA_TEST_REDIS_URL='redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT/0'" >>"$ENV_FILE"
}

start_opensearch() {
  scripts/opensearch/node.sh start
  # node.sh prints the address it serves on as its last line.
  local url
  url=$(scripts/opensearch/node.sh url)
  grep -qx opensearch "$STARTED" || echo opensearch >>"$STARTED"
  echo "DELA_TEST_SEARCH_ENGINE_URL='$url'" >>"$ENV_FILE"
}

stop_all() {
  while read -r what version cluster; do
    case $what in
      postgres)
        say "PostgreSQL: stopping cluster $version/$cluster (started by this script)"
        pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" stop || true ;;
      redis)
        say "Redis: stopping the server on 127.0.0.1:$REDIS_PORT"
        REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave \
          >/dev/null 2>&1 || true ;;
      opensearch)
        scripts/opensearch/node.sh stop || true ;;
    esac
  done <"$STARTED"
  : >"$STARTED"
}

case ${1:-} in
  start)
    shift
    wanted=${*:-postgres redis opensearch}
    : >"$ENV_FILE"
    for service in $wanted; do
      case $service in
        postgres) start_postgres ;;
        redis) start_redis ;;
        opensearch) start_opensearch ;;
        *) fail "unknown service: $service" ;;
      esac
    done ;;
  stop) stop_all ;;
  *) fail "usage: $0 start [postgres] [redis] [opensearch] | stop" ;;
esac
