#!/usr/bin/env bash
# Throughput benchmark of the whole job against the project's Tapis simulator, run by hand from the
# project root after `./mvnw -B -q package -DskipTests`. Prints one table of figures; quote them from
# one run (the machine is shared: compare ratios, not absolute numbers from different runs).
#
# The data: 20 systems (17 TMS_KEYS, 3 PASSWORD), ROWS establish rows of distinct (user, system)
# pairs; the simulator starts with the credentials of every other user, so about half the rows are
# present, most of the rest missing on TMS systems, some on systems without TMS keys.
#
# Each run gets a fresh simulator, warmed up first by a throwaway job of WARM_ROWS rows for other users at
# concurrency CONCURRENCY (its outcomes and repository are discarded): the simulator stands in for a
# long-running Tapis, and a cold simulator JVM answers slower while it compiles its code, which would be
# charged to the job (6 paired runs: 22.1 vs 21.9 ms per answer, 1.6% fewer rows/s). The job's own JVM
# always starts cold, as it does from cron.
#
# Runs, each on a fresh simulator and repository:
#   sequential  --concurrency 1 --no-system-cache, LATENCY ms per call (what the per-user helper does),
#               on the first SEQ_ROWS rows (a sequential run of all rows takes many minutes)
#   concurrent  --concurrency CONCURRENCY, everything on, LATENCY ms per call, all ROWS rows; REPEAT
#               times (default 1): the table shows the median run, and a line gives the spread of all
#   overhead    the same at 0 ms: the job's own cost per row
#   million     MILLION rows at 0 ms with -Xmx256m: peak heap of a big file (set MILLION=0 to skip)
#
# Besides rows/s, each run prints how long Tapis took per answer and how many calls were in flight on
# average (the job's "Tapis:" line): they split the gap to the bound between the job and the machine.
#
# Both JVMs run with JVM_OPTS (default -XX:TieredStopAtLevel=1): on 2 shared cores the C2 compiler
# competes with the job for CPU during a short run; C1 alone raised the 10,000-row figure by ~15%.
#
#   bench/run.sh
#   REPEAT=15 MILLION=0 bench/run.sh
#   ROWS=10000 SEQ_ROWS=1000 CONCURRENCY=32 LATENCY=20 MILLION=1000000 WARM_ROWS=4000 JVM_OPTS= bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-10000}
SEQ_ROWS=${SEQ_ROWS:-1000}
CONCURRENCY=${CONCURRENCY:-32}
LATENCY=${LATENCY:-20}
MILLION=${MILLION:-1000000}
WARM_ROWS=${WARM_ROWS:-4000}
REPEAT=${REPEAT:-1}
JVM_OPTS=${JVM_OPTS--XX:TieredStopAtLevel=1}
JAR=target/tms-provisioner.jar
PASSWORD=bench-password-not-secret

[[ -f $JAR ]] || { echo "$JAR is missing: run ./mvnw -B -q package -DskipTests first" >&2; exit 2; }
tmp=$(mktemp -d)
sim_pid=
cleanup() {
    [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# users needed for a number of rows at 20 systems each
users_for() { echo $(( ($1 + 19) / 20 )); }

# $1 rows -> $tmp/input-$1.csv, $tmp/state-$1.json
generate() {
    local rows=$1 users
    users=$(users_for "$rows")
    awk -v users="$users" -v rows="$rows" 'BEGIN {
        print "username,system_id"
        n = 0
        for (u = 0; u < users && n < rows; u++)
            for (s = 1; s <= 20 && n < rows; s++) { printf "user%06d,sys%02d\n", u, s; n++ }
    }' > "$tmp/input-$rows.csv"
    awk -v users="$users" -v password="$PASSWORD" 'BEGIN {
        printf "{\"accounts\": [{\"username\": \"bench-admin\", \"password\": \"%s\", \"tenantAdmin\": true}],\n", password
        printf "\"systems\": ["
        for (s = 1; s <= 20; s++)
            printf "%s{\"id\": \"sys%02d\", \"defaultAuthnMethod\": \"%s\", \"owner\": \"bench-admin\"}",
                (s > 1 ? ", " : ""), s, (s <= 17 ? "TMS_KEYS" : "PASSWORD")
        printf "],\n\"credentials\": ["
        first = 1
        for (u = 0; u < users; u += 2)
            for (s = 1; s <= 20; s++) {
                printf "%s{\"systemId\": \"sys%02d\", \"username\": \"user%06d\"}", (first ? "" : ", "), s, u
                first = 0
            }
        print "]}"
    }' > "$tmp/state-$rows.json"
}

# $tmp/warm.csv: rows for users the measured inputs never name
generate_warm_up() {
    awk -v rows="$WARM_ROWS" 'BEGIN {
        print "username,system_id"
        for (n = 0; n < rows; n++) printf "warm%06d,sys%02d\n", int(n / 20), n % 20 + 1
    }' > "$tmp/warm.csv"
}

# $1 simulator URL, $2 name: the throwaway warm-up job
warm_up() {
    [[ $WARM_ROWS -gt 0 ]] || return 0
    TAPIS_BASE_URL=$1 TAPIS_USERNAME=bench-admin TAPIS_PASSWORD=$PASSWORD \
        java $JVM_OPTS -jar "$JAR" run --input "$tmp/warm.csv" --repository-url "jdbc:h2:file:$tmp/warm-$2" \
        --concurrency "$CONCURRENCY" > "$tmp/warm-$2.log" 2>&1 \
        || { echo "the warm-up of $2 failed:" >&2; tail -20 "$tmp/warm-$2.log" >&2; exit 1; }
}

# $1 rows, $2 latency ms, $3 name, then options for run; prints the Throughput line's figures
measure() {
    local rows=$1 latency=$2 name=$3
    shift 3
    java $JVM_OPTS -jar "$JAR" simulator --state "$tmp/state-$rows.json" --latency-ms "$latency" \
        > "$tmp/sim-$name.log" 2>&1 &
    sim_pid=$!
    local url=
    for _ in $(seq 1 100); do
        url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/sim-$name.log" 2>/dev/null || true)
        [[ -n $url ]] && break
        sleep 0.2
    done
    [[ -n $url ]] || { echo "the simulator did not start: $(cat "$tmp/sim-$name.log")" >&2; exit 1; }
    warm_up "$url" "$name"
    local status=0
    TAPIS_BASE_URL=$url TAPIS_USERNAME=bench-admin TAPIS_PASSWORD=$PASSWORD \
        java $JVM_OPTS ${HEAP_OPTS:-} -jar "$JAR" run --input "$tmp/input-$rows.csv" \
        --repository-url "jdbc:h2:file:$tmp/repo-$name" "$@" > "$tmp/run-$name.log" 2>&1 || status=$?
    kill "$sim_pid"
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=
    if [[ $status -ne 0 ]]; then
        echo "run $name exited $status:" >&2
        tail -20 "$tmp/run-$name.log" >&2
        exit 1
    fi
    grep -E '^(Throughput|Tapis):' "$tmp/run-$name.log" | tr '\n' ' '
    echo
}

# "Throughput: R rows in S s (X rows/s); C Tapis calls (P per row); peak heap H MiB
#  Tapis: A ms per answer on average; F calls in flight on average" -> "R S X C/R H A F"
# (calls per row from the counts: the printed P is rounded, and the bound depends on it)
figures() {
    sed -E 's/Throughput: ([0-9]+) rows in ([0-9.]+) s \(([0-9]+) rows\/s\); ([0-9]+) Tapis calls \([0-9.]+ per row\); peak heap ([0-9]+) MiB Tapis: ([0-9.]+) ms per answer on average; ([0-9.]+) calls in flight on average.*/\1 \2 \3 \4 \5 \6 \7/' \
        | awk '{ printf "%s %s %s %.4f %s %s %s\n", $1, $2, $3, $4 / $1, $5, $6, $7 }'
}

echo "generating $ROWS rows (and $SEQ_ROWS for the sequential run) ..."
generate "$ROWS"
generate "$SEQ_ROWS"
generate_warm_up

echo "sequential: $SEQ_ROWS rows, concurrency 1, no system cache, $LATENCY ms per call ..."
read -r seq_rows seq_s seq_rate seq_calls seq_heap seq_answer seq_flight < <(measure "$SEQ_ROWS" "$LATENCY" sequential \
    --concurrency 1 --no-system-cache | figures)
for run in $(seq 1 "$REPEAT"); do
    echo "concurrent: $ROWS rows, concurrency $CONCURRENCY, $LATENCY ms per call (run $run of $REPEAT) ..."
    measure "$ROWS" "$LATENCY" "concurrent-$run" --concurrency "$CONCURRENCY" | figures >> "$tmp/concurrent.txt"
done
# the median run by rows/s (the upper one of the middle two for an even count)
read -r con_rows con_s con_rate con_calls con_heap con_answer con_flight \
    < <(sort -n -k3 "$tmp/concurrent.txt" | sed -n "$(( REPEAT / 2 + 1 ))p")
echo "overhead: $ROWS rows, concurrency $CONCURRENCY, 0 ms per call ..."
read -r zero_rows zero_s zero_rate zero_calls zero_heap zero_answer zero_flight < <(measure "$ROWS" 0 overhead \
    --concurrency "$CONCURRENCY" | figures)
if [[ $MILLION -gt 0 ]]; then
    echo "million: $MILLION rows, concurrency $CONCURRENCY, 0 ms per call, -Xmx256m ..."
    generate "$MILLION"
    read -r mil_rows mil_s mil_rate mil_calls mil_heap mil_answer mil_flight < <(HEAP_OPTS=-Xmx256m measure "$MILLION" 0 million \
        --concurrency "$CONCURRENCY" | figures)
fi

bound=$(awk -v c="$CONCURRENCY" -v p="$con_calls" -v l="$LATENCY" 'BEGIN { printf "%.0f", c / (p * l / 1000) }')
echo
row='%-12s %9s %9s %10s %11s %10s %11s %10s\n'
printf "$row" run rows seconds "rows/s" "calls/row" "heap MiB" "answer ms" "in flight"
printf "$row" sequential "$seq_rows" "$seq_s" "$seq_rate" "$seq_calls" "$seq_heap" "$seq_answer" "$seq_flight"
printf "$row" concurrent "$con_rows" "$con_s" "$con_rate" "$con_calls" "$con_heap" "$con_answer" "$con_flight"
printf "$row" overhead "$zero_rows" "$zero_s" "$zero_rate" "$zero_calls" "$zero_heap" "$zero_answer" "$zero_flight"
[[ $MILLION -gt 0 ]] && printf "$row" million "$mil_rows" "$mil_s" "$mil_rate" "$mil_calls" "$mil_heap" "$mil_answer" "$mil_flight"
echo
echo "bound at concurrency $CONCURRENCY: $CONCURRENCY / ($con_calls calls/row x $LATENCY ms) = $bound rows/s"
# concurrent / bound = (calls in flight / concurrency) x (latency / answer time): the job's share and the machine's
awk -v m="$con_rate" -v b="$bound" -v s="$seq_rate" -v f="$con_flight" -v c="$CONCURRENCY" -v a="$con_answer" -v l="$LATENCY" 'BEGIN {
    printf "concurrent / bound      = %.2f%% (target: at least 85%%)\n", 100 * m / b
    printf "  = %.0f%% of the threads in a Tapis call on average (the job)\n", 100 * f / c
    printf "  x %.0f%%: %s ms of latency / %s ms per answer measured (the machine and the simulator)\n", 100 * l / a, l, a
    printf "concurrent / sequential = %.1fx (target: at least 25x)\n", m / s
}'
if [[ $REPEAT -gt 1 ]]; then
    # each run against its own bound (its own calls per row)
    pcts=$(awk -v c="$CONCURRENCY" -v l="$LATENCY" '{ printf "%.3f\n", 100 * $3 * $4 * l / (1000 * c) }' "$tmp/concurrent.txt")
    echo "$REPEAT concurrent runs, % of the bound in run order: $(printf '%.2f ' $pcts)"
    sort -n <<< "$pcts" | awk -v n="$REPEAT" '{ p[NR] = $1; reached += $1 >= 85 } END {
        printf "  min %.2f%%, median %.2f%%, max %.2f%%; %d of %d at least 85%%\n", p[1], p[int(n / 2) + 1], p[n], reached, n
    }'
fi
