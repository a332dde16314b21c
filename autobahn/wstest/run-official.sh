#!/bin/sh
# Runs the official Autobahn|Testsuite (Docker image, pinned) against hybi:
# fuzzingclient mode tests hybi's echo server, fuzzingserver mode tests
# hybi's client. Reports go to ./reports/{servers,clients}; the Go checker
# then judges them. Needs a working Docker engine; says so and exits 2
# when there is none.
set -eu
IMAGE=crossbario/autobahn-testsuite:25.10.1
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
	echo "run-official.sh: no working Docker engine here; cannot run $IMAGE." >&2
	echo "Use the Go harness instead: go run ./autobahn/cmd/autobahn (see autobahn/README.md)." >&2
	exit 2
fi

go build -o ./autobahn-bin "$ROOT/autobahn/cmd/autobahn"
trap 'kill $TESTEE 2>/dev/null || true' EXIT

# fuzzingclient: the suite tests hybi's server on 127.0.0.1:9002.
./autobahn-bin testee-server -addr 127.0.0.1:9002 &
TESTEE=$!
docker run --rm --network host -v "$PWD:/config" -v "$PWD/reports:/config/reports" -w /config \
	"$IMAGE" wstest -m fuzzingclient -s /config/fuzzingclient.json
kill $TESTEE; wait $TESTEE 2>/dev/null || true

# fuzzingserver: the suite listens on 9001 and hybi's client connects.
docker run --rm -d --name hybi-fuzzingserver --network host -v "$PWD:/config" -v "$PWD/reports:/config/reports" -w /config \
	"$IMAGE" wstest -m fuzzingserver -s /config/fuzzingserver.json
sleep 3 # the suite needs a moment to listen; this script is not a test
for style in whole stream append; do
	./autobahn-bin testee-client -url ws://127.0.0.1:9001 -agent "hybi-client-$style" -style "$style"
done
docker stop hybi-fuzzingserver

./autobahn-bin check -cases '*' reports/servers/index.json reports/clients/index.json
