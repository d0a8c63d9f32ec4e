#!/usr/bin/env bash
# Runs pywbem against `wbemrx serve` from this checkout's build (`npm run build:test` first):
# starts an HTTP and an HTTPS server on loopback, each with the Acme association MOF loaded and
# two users, then runs interop.py and server_profile.py against them. pywbem must be importable
# (PYTHONPATH; see README.md). Exit status: the number of failed checks, or 2 when pywbem is
# missing. Everything it creates lives in a temporary directory, removed at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="$root/build/bundled/wbemrx.js"
[ -f "$bin" ] || { echo "no build: run npm run build:test first" >&2; exit 2; }
python3 -c 'import pywbem' 2>/dev/null || {
  echo "pywbem is not importable: put it and its dependencies on PYTHONPATH (README.md)" >&2
  exit 2
}
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

export WBEMRX_CODE_CACHE=off
printf 'Secret-pw1\n' | node "$bin" users add admin --group Administrators --password-stdin --users "$work/users.json" >/dev/null
printf 'Reader-pw1\n' | node "$bin" users add reader --password-stdin --users "$work/users.json" >/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
for data in data data-tls; do
  node "$bin" mofcomp -d "$work/$data" "$root/test/fixtures/mof/associations/acme.mof" \
    "$here/dmtf-embedded.mof" >/dev/null
done

http_port="$(free_port)"
https_port="$(free_port)"
node "$bin" serve -d "$work/data" --port "$http_port" --users "$work/users.json" >"$work/http.log" 2>&1 &
pids+=($!)
node "$bin" serve -d "$work/data-tls" --port "$https_port" --https --cert "$work/cert.pem" \
  --key "$work/key.pem" --users "$work/users.json" >"$work/https.log" 2>&1 &
pids+=($!)
for log in "$work/http.log" "$work/https.log"; do
  for _ in $(seq 100); do grep -q '^serving' "$log" && break; sleep 0.1; done
  grep -q '^serving' "$log" || { cat "$log" >&2; exit 2; }
done

status=0
LISTENER_PORT="$(free_port)" CAPTURES="$work/captures" \
  python3 "$here/interop.py" "http://127.0.0.1:$http_port" "https://127.0.0.1:$https_port" || status=$?
python3 "$here/server_profile.py" "http://127.0.0.1:$http_port" || status=$((status + 1))
exit "$status"
