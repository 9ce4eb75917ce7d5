#!/usr/bin/env bash
# Start-up benchmark of the read-only commands, run by hand from the project root after
# `./mvnw -B -q package -DskipTests`. Prints the minimum and the median wall-clock time of
# `java -jar JAR status --limit 10` (and of `report ID`) over REPEAT runs each, on an H2 file repository
# holding EXECUTIONS executions, as cron or an administrator starts them: a cold JVM each time.
#
# The repository: one real run of the demo's sample (31 rows) made by the tool itself, then copied by SQL
# into EXECUTIONS job instances of one execution each, with their parameters, step executions, contexts
# and 31 outcome rows each (the tables as Spring Batch and the job wrote them).
#
# The ways of starting it, each timed in turn in every round:
#   - `java -jar JAR`, as before the launcher (the baseline);
#   - `java -XX:TieredStopAtLevel=1 -jar JAR` (C1=0 leaves it out): what the launcher's choice of compiler
#     alone saves;
#   - bin/tms-provisioner, the launcher (a copy beside JAR, its cache in a directory of this run, prepared
#     before the first round: the jar extracted, a class data sharing archive written by a training run);
#   - BASE_JAR=path/to/other.jar (or BASE_REF=a-commit, which builds that commit's jar first): that jar with
#     `java -jar`, for a comparison with older code on equal terms.
#
# Besides wall-clock time each line gives the CPU time (user + system) of the median run: the machine is
# shared, and CPU time suffers less from other people's builds than wall-clock time does.
#
#   bench/status.sh
#   REPEAT=15 EXECUTIONS=1000 BASE_REF=main bench/status.sh
set -euo pipefail
cd "$(dirname "$0")/.."

EXECUTIONS=${EXECUTIONS:-1000}
REPEAT=${REPEAT:-9}
JAR=${JAR:-target/tms-provisioner.jar}
BASE_JAR=${BASE_JAR:-}
BASE_REF=${BASE_REF:-}
C1=${C1:-1}

[[ -f $JAR ]] || { echo "$JAR is missing: run ./mvnw -B -q package -DskipTests first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ -z $BASE_JAR && -n $BASE_REF ]]; then
    echo "building the jar of $BASE_REF ..." >&2
    mkdir "$tmp/base"
    git archive "$BASE_REF" | tar -x -C "$tmp/base"
    (cd "$tmp/base" && ./mvnw -B -q package -DskipTests >/dev/null)
    BASE_JAR=$tmp/base/target/tms-provisioner.jar
fi

repository="jdbc:h2:file:$tmp/repository"
java -jar "$JAR" demo --repository-url "$repository" > "$tmp/demo.log" 2>&1 \
    || { cat "$tmp/demo.log" >&2; exit 1; }

# copies of instance 1 (execution 1, step execution 1) as instances and executions 2..EXECUTIONS
cat > "$tmp/copies.sql" <<SQL
INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY)
    SELECT X, VERSION, JOB_NAME, 'copy' || X FROM BATCH_JOB_INSTANCE, SYSTEM_RANGE(2, $EXECUTIONS) WHERE JOB_INSTANCE_ID = 1;
INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, VERSION, JOB_INSTANCE_ID, CREATE_TIME, START_TIME, END_TIME, STATUS,
        EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
    SELECT X, VERSION, X, CREATE_TIME, START_TIME, END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED
    FROM BATCH_JOB_EXECUTION, SYSTEM_RANGE(2, $EXECUTIONS) WHERE JOB_EXECUTION_ID = 1;
INSERT INTO BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING)
    SELECT X, PARAMETER_NAME, PARAMETER_TYPE,
           CASE WHEN PARAMETER_NAME = 'input.sha256' THEN PARAMETER_VALUE || X ELSE PARAMETER_VALUE END, IDENTIFYING
    FROM BATCH_JOB_EXECUTION_PARAMS, SYSTEM_RANGE(2, $EXECUTIONS) WHERE JOB_EXECUTION_ID = 1;
INSERT INTO BATCH_JOB_EXECUTION_CONTEXT (JOB_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT)
    SELECT X, SHORT_CONTEXT, SERIALIZED_CONTEXT FROM BATCH_JOB_EXECUTION_CONTEXT, SYSTEM_RANGE(2, $EXECUTIONS)
    WHERE JOB_EXECUTION_ID = 1;
INSERT INTO BATCH_STEP_EXECUTION (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, START_TIME,
        END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT,
        PROCESS_SKIP_COUNT, ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
    SELECT X, VERSION, STEP_NAME, X, CREATE_TIME, START_TIME, END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT,
           WRITE_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE,
           LAST_UPDATED
    FROM BATCH_STEP_EXECUTION, SYSTEM_RANGE(2, $EXECUTIONS) WHERE STEP_EXECUTION_ID = 1;
INSERT INTO BATCH_STEP_EXECUTION_CONTEXT (STEP_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT)
    SELECT X, SHORT_CONTEXT, SERIALIZED_CONTEXT FROM BATCH_STEP_EXECUTION_CONTEXT, SYSTEM_RANGE(2, $EXECUTIONS)
    WHERE STEP_EXECUTION_ID = 1;
INSERT INTO PROVISIONING_OUTCOME
    SELECT X, X, LINE_NUMBER, USERNAME, SYSTEM_ID, ACTION, OUTCOME, HTTP_STATUS, TAPIS_CODE, MESSAGE, ATTEMPTS,
           DURATION_MS, RECORDED_AT
    FROM PROVISIONING_OUTCOME, SYSTEM_RANGE(2, $EXECUTIONS) WHERE JOB_INSTANCE_ID = 1;
ALTER SEQUENCE BATCH_JOB_INSTANCE_SEQ RESTART WITH $((EXECUTIONS + 1));
ALTER SEQUENCE BATCH_JOB_EXECUTION_SEQ RESTART WITH $((EXECUTIONS + 1));
ALTER SEQUENCE BATCH_STEP_EXECUTION_SEQ RESTART WITH $((EXECUTIONS + 1));
SQL
(cd "$tmp" && unzip -q -j "$OLDPWD/$JAR" 'BOOT-INF/lib/h2-*.jar' -d h2)
java -cp "$tmp"/h2/h2-*.jar org.h2.tools.RunScript -url "$repository" -user sa -script "$tmp/copies.sql"
count=$(java -cp "$tmp"/h2/h2-*.jar org.h2.tools.Shell -url "$repository" -user sa \
    -sql "SELECT COUNT(*) AS N FROM BATCH_JOB_EXECUTION" | sed -n 2p | tr -d ' ')
echo "repository: $count executions, $((count * 31)) outcome rows"

# "wall,cpu" seconds of one run of "$@", its output kept for the check below
timed() {
    /usr/bin/time -f "%e,%U,%S" -o "$tmp/time.txt" "$@" > "$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt" >&2; exit 1; }
    awk -F, '{ printf "%.2f,%.2f", $1, $2 + $3 }' "$tmp/time.txt"
}

# "min median cpu-of-median" of a list of "wall,cpu" pairs
stats() {
    sort -t, -k1,1n | awk -F, '{ w[NR] = $1; c[NR] = $2 } END { m = int((NR + 1) / 2); printf "%.2f %.2f %.2f\n", w[1], w[m], c[m] }'
}

# each way of starting the tool: a label and the command before its arguments
labels=("java -jar $JAR")
starts=("java -jar $JAR")
if [[ $C1 == 1 ]]; then
    labels+=("java -XX:TieredStopAtLevel=1 -jar $JAR")
    starts+=("java -XX:TieredStopAtLevel=1 -jar $JAR")
fi
mkdir "$tmp/bin"
cp bin/tms-provisioner "$tmp/bin/"
ln -s "$(realpath "$JAR")" "$tmp/bin/tms-provisioner.jar"
export TMS_PROVISIONER_CACHE=$tmp/cache
"$tmp/bin/tms-provisioner" --version > /dev/null
ls "$tmp"/cache/*/app/tms.jsa > /dev/null 2>&1 || { echo "the launcher made no class data sharing archive" >&2; exit 1; }
labels+=("bin/tms-provisioner")
starts+=("$tmp/bin/tms-provisioner")
if [[ -n $BASE_JAR ]]; then
    labels+=("java -jar $BASE_JAR")
    starts+=("java -jar $BASE_JAR")
fi
declare -A times
for ((i = 1; i <= REPEAT; i++)); do
    for j in "${!starts[@]}"; do
        # shellcheck disable=SC2086 # the start command is split on purpose
        times["$j status"]+="$(timed ${starts[$j]} status --limit 10 --repository-url "$repository") "
        cp "$tmp/out.txt" "$tmp/status-$j.txt"
        # shellcheck disable=SC2086
        times["$j report"]+="$(timed ${starts[$j]} report "$count" --repository-url "$repository") "
    done
done
for j in "${!starts[@]}"; do
    cmp -s "$tmp/status-0.txt" "$tmp/status-$j.txt" \
        || { echo "status printed something else with ${labels[$j]}:" >&2; diff "$tmp/status-0.txt" "$tmp/status-$j.txt" >&2 || true; }
done

printf "%-72s %7s %9s %9s\n" "command ($REPEAT runs each, a cold JVM each)" "min s" "median s" "median cpu"
for j in "${!starts[@]}"; do
    for command in status report; do
        read -r min median cpu < <(tr ' ' '\n' <<< "${times["$j $command"]}" | grep . | stats)
        printf "%-72s %7s %9s %9s\n" "${labels[$j]}: $command" "$min" "$median" "$cpu"
    done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
