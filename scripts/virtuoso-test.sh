#!/bin/sh
# Optional test run (make test-virtuoso): the remote-backend tests against Debian's Virtuoso on 127.0.0.1.
# Installs only the binaries (no service, no password prompt), starts a throw-away database in a temp
# directory, opens SPARQL updates for the loopback-only anonymous user, runs the tests, and stops it.
set -eu
command -v virtuoso-t >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin; }
DIR=$(mktemp -d)
cat > "$DIR/virtuoso.ini" <<INI
[Database]
DatabaseFile = $DIR/db.db
ErrorLogFile = $DIR/db.log
TransactionFile = $DIR/db.trx
xa_persistent_file = $DIR/db.pxa
[TempDatabase]
DatabaseFile = $DIR/temp.db
TransactionFile = $DIR/temp.trx
[Parameters]
ServerPort = 127.0.0.1:11111
DirsAllowed = ., $DIR
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:18890
ServerRoot = $DIR
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
INI
virtuoso-t +configfile "$DIR/virtuoso.ini" +foreground > "$DIR/server.out" 2>&1 &
PID=$!
trap 'isql-vt 127.0.0.1:11111 dba dba exec="shutdown;" >/dev/null 2>&1 || kill $PID; rm -rf "$DIR"' EXIT
for _ in $(seq 60); do grep -q "Server online" "$DIR/db.log" 2>/dev/null && break; sleep 1; done
isql-vt 127.0.0.1:11111 dba dba exec='GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET('"'"'nobody'"'"', 7);' >/dev/null
KENNISGRAAF_TEST_VIRTUOSO=http://127.0.0.1:18890 "${PYTHON:-.venv/bin/python}" -m pytest \
    tests/graaf/test_remote_store.py tests/api/test_remote_backend.py -q "$@"
