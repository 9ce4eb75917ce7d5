#!/usr/bin/env bash
# Throughput benchmark of the whole job against the project's Tapis simulator, run by hand from the
# project root after `./mvnw -B -q package -DskipTests`. Prints one table of figures; quote them from
# one run (the machine is shared: compare ratios within a run, not absolute numbers across runs).
#
# The data: ROWS establish rows of distinct (user, system) pairs over 20 systems (17 TMS_KEYS, 3
# PASSWORD); every other user already has a credential everywhere, so about half the rows are present,
# most of the rest missing on TMS systems, some on systems without TMS keys.
#
# The simulator answers after LATENCY ms (the median) spread lognormally with sigma (SIGMAS, default
# 0, 1 and 1.5), creates CREATE_FACTOR (3) times slower: a check is an SSH handshake to the system's
# host, with a long tail. For each sigma, each on a fresh simulator warmed by a throwaway job of
# WARM_ROWS rows for other users (a long-running Tapis is warm; the measured JVM starts cold, as from
# cron):
#   job         run --concurrency CONCURRENCY (32), everything on
#   baseline    what the old per-user helper does (check; getSystem for every user; create), on
#               CONCURRENCY plain threads with the same HTTP client: no chunks, no cache, nothing recorded
# then:
#   one system  ONE_SYSTEM_ROWS rows of one system, sigma 1: the most calls in flight to it
#   0 ms        the job's own cost per row
#   million     MILLION rows at 0 ms with -Xmx256m (MILLION=0 skips it)
#
# Columns: "in Tapis" is the share of thread-time spent inside Tapis calls, the simulator's service time
# (the latency it slept) / (threads x the run's seconds); "in flight" is the job's own mean of calls
# waiting for an answer (it includes the network and the client, so it is a little higher).
# Both JVMs run with JVM_OPTS (default -XX:TieredStopAtLevel=1: on 2 shared cores C2 competes with the
# job for CPU during a short run).
#
#   bench/run.sh
#   MILLION=0 SIGMAS=1.5 bench/run.sh
#   ROWS=10000 CONCURRENCY=32 LATENCY=20 CREATE_FACTOR=3 WARM_ROWS=4000 ONE_SYSTEM_ROWS=2000 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/jar-bench.sh
jar_bench Throughput bench/Throughput.java bench/OldHelper.java bench/Processes.java
