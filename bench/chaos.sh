#!/usr/bin/env bash
# Chaos test of the job, run by hand (and, short, in CI) from the project root after
# `./mvnw -B -q package -DskipTests`. Not a unit test: timing decides what each trial meets, the seed only what it is
# given. Prints PASS or FAIL per trial, with what differed, and a last line with the counts and the time; exits 1
# when any trial failed (their logs, inputs and repositories are kept, under the directory it names).
#
# Each of TRIALS (50) trials, with seed SEED+i (SEED: default from the clock; printed per trial, so
# `SEED=<a trial's seed> TRIALS=1 PG_TRIALS=0 SYNC_TRIALS=0 bench/chaos.sh` gives that trial again: same input,
# tenant, fault draws, interrupt plan and host-down plan; a PostgreSQL trial's: `SEED=<its seed> TRIALS=0 PG_TRIALS=1 SYNC_TRIALS=0`;
# a sync trial's: `SEED=<its seed> TRIALS=0 PG_TRIALS=0 SYNC_TRIALS=1`):
#   - a simulator in the driver's JVM with faults on every endpoint, the token endpoint included: SERVER_ERROR_RATE
#     (0.05) of 5xx (half of the services' 500s and all 504s after the effect), DROP_RATE (0.02) connections closed
#     unanswered, LOST_ANSWER_RATE (0.02) of creates and removes whose answer is lost after the effect, tokens of
#     TOKEN_SECONDS (4), answers after LATENCY ms (20, spread lognormally, creates twice as slow); 4 TMS_KEYS systems
#     and 2 PASSWORD ones, half the pairs of the file already holding a credential, a few credentials the file does
#     not name;
#   - an input of ROWS (300) rows: establish, remove and reset (some with an empty action cell), a quarter of the
#     pairs on two or three rows (remove then establish, ..., now and then the same action twice: DUPLICATE);
#   - a fresh H2 repository; `run` at a random --concurrency, interrupted 1 to MAX_INTERRUPTS (3) times at a random
#     moment up to MAX_INTERRUPT_SECONDS (12) after its start with SIGKILL, SIGTERM, or SIGTERM and SIGKILL 0.1 to 3 s
#     later, each time resumed at another --concurrency, then run until it completes (exit 0 or 3; exit 1 is resumed
#     again; a refusal, exit 2, is retried as its message says);
#   - in half the trials, a host down (bench/ChaosHostDown.java; drawn from the seed apart from the rest, so a trial
#     without one is the trial its seed gave before): one system's host goes down (the simulator's setHostDown:
#     checks of a stored credential, the verification of new keys included, answer SYSLIB_CRED_CONN_FAIL; removes
#     and creates still work) once the trial's runs have made 0 to 3*ROWS/2 Tapis calls, and in half of those comes
#     back up after up to 3*ROWS/2 more, else stays down to the end; the trial's line starts with this plan and the
#     runs it fell in (`host chaos-tms-2 down@37 calls (run 2), up@80 calls (run 3)`);
#   - checks: no pair minted more key pairs than its rows needed (nor fewer), no credential left that the file removes
#     last, the store as the file says, one job instance, its last execution COMPLETED, exactly one outcome per data
#     line, each the outcome the file's rows call for; the completing run's exit 3 exactly when a row needs
#     attention (else 0), and its summary's "Tapis could not reach the host of these systems" exactly the systems
#     with FAILED or UNVERIFIED rows coded SYSLIB_CRED_CONN_FAIL, with their counts. The rows of a system whose host
#     went down are taken pair by pair in line order, from the credential the pair held before: each outcome one
#     the product promises for an unreachable host with the credential where the pair's earlier outcomes left it
#     (establish of a stored one: ALREADY_PRESENT, or FAILED 401 SYSLIB_CRED_CONN_FAIL "Tapis could not reach the
#     host of S", nothing changed; of a missing one: CREATED or UNVERIFIED 401 SYSLIB_CRED_CONN_FAIL, keys stored,
#     NOT_TMS on PASSWORD; reset: RESET or UNVERIFIED, NOT_TMS on PASSWORD; remove: REMOVED; establish or reset
#     after the run gave the host up: FAILED SYSLIB_CRED_CONN_FAIL without HTTP status, "skipped: host unreachable
#     in this run", nothing changed, or after an interrupted attempt "... host unreachable in this run" saying what
#     it left: a reset's removal stands); the pair's credential stored exactly when those outcomes leave it so; its key
#     pairs minted as many as its CREATED, RESET and UNVERIFIED rows, and no more than its rows need.
# Then PG_TRIALS (3) trials on one PostgreSQL repository (the tests' embedded PostgreSQL, from the test class path),
# with the same faults and a heartbeat of HEARTBEAT (1s: stale after 4 s): process A runs; once it has sent 1 to 20
# creates or removes (at most half of those its file calls for; in half the trials: and then the next one, which
# acts and answers 500, so that a repeat is due) it gets SIGSTOP; process B, the same command under another host name (`unshare -u`, as another
# host of the shared repository), is run as an operator would, again after each refusal, until it takes the
# execution over (a B that after TAKEOVER_TIMEOUT, 60 s, has neither taken over nor been refused is a failure, with
# the database's sessions that wait for a lock or sit in a transaction, and is killed); A gets SIGCONT. A must send no create or remove after that (the simulator counts the changes each
# account's tokens sent: A and B log in as different accounts) and exit 1; B completes; the store and outcomes are
# checked as above.
# Then SYNC_TRIALS (10) trials of a nightly roster (bench/ChaosSync.java), each on a fresh H2 repository with the
# same faults: night 1, `run --roster chaos-roster` of users x systems (about ROWS establish rows; three in ten of
# the pairs already hold a credential: found present, never the tool's to remove), interrupted 0 or 1 time and
# resumed as above; checked as above, and the ledger of the roster's credentials (PROVISIONING_CREDENTIAL) must be
# the pairs night 1 created. Night 2, `run --roster chaos-roster --sync` (in half the trials with
# --reverify-after 7d) of a file that drops some users and pairs (at least one created by night 1, one found
# present, one created for a protected user: TMS_PROTECTEDUSERS=svc*, i.e. tms.protected-users), removes a few by
# its own rows and adds new pairs: first one run with --max-destructive one short of its removes and departed pairs,
# which must exit 2 having sent no call; then interrupted 1 to MAX_INTERRUPTS times and resumed as above. Checks:
# those of the H2 trials over both nights (two job instances), with one REMOVED outcome "left the roster" per
# departed pair on the lines after the file's (each pair night 1 created that night 2 no longer lists, but for
# protected users), gone from the store; the pairs found present and the protected users' pairs night 2 dropped still
# in the store; the departed pairs recorded (PROVISIONING_SYNC, PROVISIONING_DEPARTED) the same after every run of
# night 2 and as expected; the ledger as both nights leave it; with --reverify-after, fewer checks than establish
# rows (a kept pair's row may be RECENTLY_VERIFIED or ALREADY_PRESENT).
#
# Every run gets --write-timeout WRITE_TIMEOUT (5 s; the default 180 s is how long a check after a create's lost
# answer waits, and the simulator's writes take milliseconds).
#
# SHORT=1 is the CI size: TRIALS=3, ROWS=60, PG_TRIALS=1, SYNC_TRIALS=1, MAX_INTERRUPT_SECONDS=6 (about 2
# minutes); any variable set explicitly wins. JVM_OPTS (-XX:TieredStopAtLevel=1) for the job's JVMs; RUN_TIMEOUT
# (300 s) per run; VERBOSE=1 prints each trial's notes (refusals, runs that ended 1 by themselves) also when it passes;
# MVN_OPTS=-o resolves the class path offline; KEEP=1 keeps the work directory of a run that passed too.
#
#   bench/chaos.sh
#   SHORT=1 bench/chaos.sh
#   TRIALS=20 PG_TRIALS=5 SEED=4242 ROWS=300 bench/chaos.sh
#   TRIALS=0 PG_TRIALS=0 SYNC_TRIALS=10 bench/chaos.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${SHORT:-0} != 0 ]]; then
    export TRIALS=${TRIALS:-3} ROWS=${ROWS:-60} PG_TRIALS=${PG_TRIALS:-1} SYNC_TRIALS=${SYNC_TRIALS:-1} \
        MAX_INTERRUPT_SECONDS=${MAX_INTERRUPT_SECONDS:-6}
fi
jar=target/tms-provisioner.jar
[[ -f $jar && -d target/classes && -d target/test-classes ]] \
    || { echo "$jar or target/test-classes is missing: run ./mvnw -B -q package -DskipTests first" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/tms-chaos.XXXXXX")
./mvnw -B -q ${MVN_OPTS:-} dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2
cp="target/classes:target/test-classes:$(cat "$work/cp.txt")"
javac -d "$work/classes" -cp "$cp" bench/Chaos.java bench/ChaosSync.java bench/ChaosHostDown.java
# the embedded PostgreSQL logs its start and stop at INFO (on standard output): left out
set +e
java -cp "$work/classes:$cp" Chaos "$work" "$jar" 2>&1 | grep --line-buffered -v " INFO io.zonky"
status=${PIPESTATUS[0]}
set -e
if [[ $status == 0 && ${KEEP:-0} == 0 ]]; then
    rm -rf "$work"
else
    echo "chaos: kept $work (logs, inputs and repositories of the failed trials)" >&2
fi
exit $status
