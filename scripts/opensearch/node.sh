#!/usr/bin/env bash
# One OpenSearch node on 127.0.0.1 for the test suite and the benchmarks, from Maven
# Central artifacts (pom.xml beside this file), with its data under var/opensearch/.
#
#   scripts/opensearch/node.sh start   resolve the jars (cached in ~/.m2), start a node
#                                      with an empty data folder, wait until it is green
#   scripts/opensearch/node.sh restart start it again, keeping its data (after a crash)
#   scripts/opensearch/node.sh url     the address it serves on
#   scripts/opensearch/node.sh stop    stop the node this script started
#
# DELA_OPENSEARCH_HOME (default var/opensearch) is its folder, DELA_OPENSEARCH_HEAP
# (default 512m) sizes the Java heap, DELA_OPENSEARCH_PORT (default 9250) is the first
# HTTP port tried. JAVA (default: java on PATH) is the Java 17+ to run it.
set -euo pipefail
cd "$(dirname "$0")/../.."

HOME_DIR=${DELA_OPENSEARCH_HOME:-var/opensearch}
PID_FILE=$HOME_DIR/node.pid
LOG=$HOME_DIR/node.log
# The jars' classpath is the same for every node folder.
CLASSPATH_FILE=var/opensearch-classpath.txt
POM=scripts/opensearch/pom.xml
HEAP=${DELA_OPENSEARCH_HEAP:-512m}
PORT=${DELA_OPENSEARCH_PORT:-9250}
JAVA=${JAVA:-java}

say() { echo "opensearch: $*"; }
fail() { echo "opensearch: $*" >&2; exit 1; }

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

port() {
  # The runner prints the port it bound ("HTTP Port:      9250").
  sed -n 's/^HTTP Port: *\([0-9]*\).*/\1/p' "$LOG" 2>/dev/null | tail -n1
}

healthy() {
  local p
  p=$(port)
  [ -n "$p" ] && curl -fsS "http://127.0.0.1:$p/_cluster/health?wait_for_status=yellow&timeout=1s" \
    >/dev/null 2>&1
}

resolve() {
  mkdir -p "$HOME_DIR" var
  if [ ! -s "$CLASSPATH_FILE" ] || [ "$POM" -nt "$CLASSPATH_FILE" ]; then
    command -v mvn >/dev/null || fail "Maven is not installed (make system-deps)"
    say "resolving the node's jars from Maven Central (cached in ~/.m2)"
    mvn -B -q -Dstyle.color=never -f "$POM" dependency:build-classpath \
      -Dmdep.outputFile="$PWD/$CLASSPATH_FILE" >"$HOME_DIR/maven.log" 2>&1 \
      || { tail -n 20 "$HOME_DIR/maven.log" >&2
           fail "could not resolve the OpenSearch artifacts from Maven Central"; }
  fi
}

start() {
  local keep_data=${1:-}
  if running && healthy; then
    say "a node already runs at $(url)"
    return
  fi
  resolve
  command -v "$JAVA" >/dev/null || fail "no Java found (make system-deps installs one)"
  [ -f "$PID_FILE" ] && kill "$(cat "$PID_FILE")" 2>/dev/null || true
  local home
  case $HOME_DIR in /*) home=$HOME_DIR ;; *) home=$PWD/$HOME_DIR ;; esac
  [ -n "$keep_data" ] || rm -rf "$HOME_DIR/node_1"
  mkdir -p "$HOME_DIR/node_1/config"
  cat >"$HOME_DIR/node_1/config/opensearch.yml" <<YAML
# Written by scripts/opensearch/node.sh: a throwaway single-node cluster on loopback.
network.host: 127.0.0.1
transport.port: 9350-9399
discovery.type: single-node
action.auto_create_index: false
YAML
  say "starting a node (heap $HEAP), log in $LOG"
  nohup "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -cp "$(cat "$CLASSPATH_FILE")" org.codelibs.opensearch.runner.OpenSearchRunner \
    -basePath "$home" -numOfNode 1 -baseHttpPort $((PORT - 1)) \
    -clusterName dela-test >"$LOG" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  for _ in $(seq 120); do
    healthy && break
    running || { tail -n 30 "$LOG" >&2; fail "the node exited while starting"; }
    sleep 1
  done
  healthy || { tail -n 30 "$LOG" >&2; fail "the node did not become healthy in 120 s"; }
  say "$(curl -fsS "$(url)/" | python3 -c 'import json,sys; v=json.load(sys.stdin)["version"]; print(v.get("distribution","elasticsearch"), v["number"])') ready at $(url)"
}

url() {
  local p
  p=$(port)
  [ -n "$p" ] || fail "no node has been started (see $LOG)"
  echo "http://127.0.0.1:$p"
}

stop() {
  if running; then
    local pid
    pid=$(cat "$PID_FILE")
    say "stopping the node (pid $pid)"
    kill "$pid"
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

case ${1:-} in
  start) start ;;
  restart) start keep-data ;;
  url) url ;;
  stop) stop ;;
  *) fail "usage: $0 start | url | stop" ;;
esac
