#!/usr/bin/env bash
# What `npm test` needs from the machine, checked (and where possible provided) before
# any test runs: Chromium, pdftoppm (poppler-utils), pgbouncer and wrk from Debian's packages,
# installed with apt-get when running as root; a PostgreSQL server answering at
# HADIR_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), started with
# pg_ctlcluster when it is installed but stopped. Anything it cannot do itself stops the
# run at once with one line saying exactly what to run.
set -euo pipefail

fail() {
  echo "npm test: $*" >&2
  exit 1
}

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || { [ -z "${CHROMIUM_PATH:-}" ] && missing+=(chromium) || fail "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; point it at Chromium or unset it"; }
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
# wrk replays the benchmark's requests (bench/bench.test.ts runs a tiny benchmark).
command -v wrk >/dev/null || missing+=(wrk)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "npm test: installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts a pgbouncer service on install; the tests start their own.
    if [[ " ${missing[*]} " == *" pgbouncer "* ]] && command -v service >/dev/null; then
      service pgbouncer stop >/dev/null 2>&1 || true
    fi
  else
    fail "missing ${missing[*]}: run  sudo apt-get install -y --no-install-recommends ${missing[*]}"
  fi
fi

# host and port of the test server, from the URL the tests use.
read -r host port < <(node -e '
  const u = new URL(process.env.HADIR_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test");
  console.log(u.hostname || "127.0.0.1", u.port || "5432");')

answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$host" -p "$port"
  else
    node -e 'const s = require("net").connect(+process.argv[2], process.argv[1]);
      s.on("connect", () => process.exit(0)); s.on("error", () => process.exit(1));' "$host" "$port"
  fi
}

if ! answers; then
  local_host=false
  case "$host" in 127.0.0.1 | localhost | ::1) local_host=true ;; esac
  if $local_host && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] && [ "$(id -u)" -eq 0 ]; then
    echo "npm test: starting PostgreSQL (pg_ctlcluster)"
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 60); do
      answers && break
      sleep 1
    done
  fi
  answers || fail "PostgreSQL is not answering at $host:$port: run  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start  (or set HADIR_TEST_DATABASE_URL to a server whose user may create databases)"
fi
