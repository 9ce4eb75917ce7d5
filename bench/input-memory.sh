#!/usr/bin/env bash
# Memory benchmark of the CSV input: reads a 1,000,000-row file of distinct (username, system_id)
# pairs with CsvInput in a small heap, and prints rows read, rows/s and the peak heap used.
# Run by hand from the project root, after: ./mvnw -B -q package -DskipTests
#
#   bench/input-memory.sh                      # 50,000 users x 20 systems, -Xmx64m
#   USERS=100000 SYSTEMS=20 XMX=128m bench/input-memory.sh
#   MVN_OPTS=-o bench/input-memory.sh           # resolve the classpath offline
#
# Exits non-zero when the reader runs out of memory (3) or miscounts rows (4).
set -euo pipefail

cd "$(dirname "$0")/.."
USERS=${USERS:-50000}
SYSTEMS=${SYSTEMS:-20}
XMX=${XMX:-64m}

if [[ ! -f target/classes/io/tmsprovisioner/input/CsvInput.class ]]; then
    echo "target/classes is missing: run ./mvnw -B -q package -DskipTests first" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# opencsv and its dependencies (the runtime classpath; only the opencsv part is used).
./mvnw -B -q ${MVN_OPTS:-} dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$tmp/cp.txt" >&2
cp="target/classes:$(cat "$tmp/cp.txt")"

rows=$((USERS * SYSTEMS))
echo "generating $(printf "%'d" "$rows") rows ($USERS users x $SYSTEMS systems, all pairs distinct) ..."
awk -v users="$USERS" -v systems="$SYSTEMS" 'BEGIN {
    split("establish remove reset", action, " ")
    print "username,system_id,action"
    for (u = 0; u < users; u++)
        for (s = 0; s < systems; s++)
            printf "user.%07d@example.org,hpc-system-%03d.example.org,%s\n", u, s, action[(u + s) % 3 + 1]
}' > "$tmp/input.csv"
echo "file: $(du -h "$tmp/input.csv" | cut -f1)"

# Compiled ahead rather than launched as a single source file, so that javac's own heap use
# stays out of the measured JVM.
javac -d "$tmp/classes" -cp "$cp" bench/InputMemory.java
echo "java -Xmx$XMX ($(java -version 2>&1 | head -1))"
java -Xmx"$XMX" -cp "$tmp/classes:$cp" InputMemory "$tmp/input.csv" "$rows"
