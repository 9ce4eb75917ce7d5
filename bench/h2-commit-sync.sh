#!/usr/bin/env bash
# What forcing each commit to the disk costs on an H2 file database (see batch/H2Durability): commits per
# second of one small insert each, with WRITE_DELAY=0 alone and with CHECKPOINT SYNC after each commit.
# Run by hand from the project root, after: ./mvnw -B -q package -DskipTests
#
#   bench/h2-commit-sync.sh                    # 2,000 commits a round, 5 rounds, in /tmp
#   DIR=/srv/tms COMMITS=5000 ROUNDS=3 bench/h2-commit-sync.sh   # on the disk the repository will live on
#   MVN_OPTS=-o bench/h2-commit-sync.sh        # resolve the classpath offline
#
# The figures depend on the disk: a disk with a volatile write cache that ignores flushes is fast and not
# safe; measure on the file system that will hold ~/.tms-provisioner.
set -euo pipefail

cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp}
COMMITS=${COMMITS:-2000}
ROUNDS=${ROUNDS:-5}

if [[ ! -f target/classes/io/tmsprovisioner/batch/H2Durability.class ]]; then
    echo "target/classes is missing: run ./mvnw -B -q package -DskipTests first" >&2
    exit 2
fi

tmp=$(mktemp -d)
db=$(mktemp -d -p "$DIR" h2-commit-sync.XXXXXX)
trap 'rm -rf "$tmp" "$db"' EXIT

./mvnw -B -q ${MVN_OPTS:-} dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$tmp/cp.txt" >&2
cp="target/classes:$(cat "$tmp/cp.txt")"

javac -d "$tmp/classes" -cp "$cp" bench/H2CommitSync.java
echo "H2 file database in $DIR ($(df -T "$DIR" | awk 'NR == 2 { print $2 " on " $1 }')), $COMMITS commits a round"
# without the connection pool's start-up lines
java -cp "$tmp/classes:$cp" H2CommitSync "$db" "$COMMITS" "$ROUNDS" | grep -v ' com\.zaxxer\.hikari\.'

