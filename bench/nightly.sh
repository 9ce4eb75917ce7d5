#!/usr/bin/env bash
# Nightly-roster benchmark: what a roster's second night costs, run by hand from the project root after
# `./mvnw -B -q package -DskipTests`. Prints one table; quote figures from one run (the machine is shared).
#
# A roster of USERS (2,000) users on SYSTEMS (10) TMS_KEYS systems, one login host each (20,000 pairs), all created
# by a first night (without the connect throttle: that night only sets up the repository). One day later the roster
# has lost CHURN (1%) of its users and gained as many. That second night runs four ways, each on a copy of the
# repository against a fresh simulator holding the first night's credentials, every one with --sync:
#   neither                  every pair is checked over SSH (--no-listing)
#   --reverify-after 7d      pairs found working are checked once a week, each in its turn (--no-listing)
#   listing                  a tenant admin: one credential listing per user, SSH only for pairs not listed
#   both                     the two together
# The simulator: LATENCY ms (20) per call, VERIFY ms (250) per SSH handshake, Systems' connect throttle (8 connects
# per host in any 4 s, the rest sleep 4 to 12 s) and sshd's MaxStartups. Columns: the job's own time, the calls
# Tapis received (logins included), SSH connects, checks, listings, creates and removes.
#
# SHORT=1 (CI) runs 120 users on 5 systems. A full run takes about 25 minutes, most of it the "neither" night.
#
#   bench/nightly.sh
#   USERS=2000 SYSTEMS=10 CHURN=0.01 REVERIFY_AFTER=7d LATENCY=20 VERIFY=250 bench/nightly.sh
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/jar-bench.sh
jar_bench Nightly bench/Nightly.java bench/Processes.java
