#!/usr/bin/env bash
# Pacing benchmark: the job at its default settings against a simulator with Systems' capacity limits, beside the
# seed's helper on plain threads and the throttle-free limit, run by hand from the project root after
# `./mvnw -B -q package -DskipTests`. Prints one table; quote figures from one run (the machine is shared).
#
# The simulator: every call answers after LATENCY ms (20); a check of a stored credential, and a verified create,
# is an SSH connect to the system's host that takes VERIFY ms (250); per host and Systems process, 8 connects may
# start in any 4 s and each one beyond sleeps 4 to 12 s first (SSHConnection.throttleLaunch); sshd drops new
# connections past 10 pending (MaxStartups 10:30:100).
#
# The scenarios (SCENARIOS, default "hosts one twice roomy"):
#   hosts   HOSTS (5) hosts, each with two TMS_KEYS systems, USERS_PER_HOST (120) users on each; half already hold
#           a credential (a check connects), half get new keys (a create, then a check that connects)
#   one     one host, ONE_HOST_USERS (400) users (a 2,000-user onboarding onto one system: ONE_HOST_USERS=2000,
#           about 17 minutes a run)
#   twice   as hosts, with two Systems processes behind a load balancer that hands each connect to one at random: twice
#           the budget, which the job must find by itself
#   roomy   as hosts, with one Systems process whose throttle admits 16 connects in 4 s: twice the budget, in one
#           window the job can fill exactly (as a throttle shared by two processes would be)
# Each runs the job (`run --input`, every setting at its default) and then the seed's helper on HELPER_THREADS (32)
# plain threads (OldHelper: check; on any other answer getSystem and a verified create), each against a fresh
# simulator, REPEAT (1) times.
#
# Columns: "limit s" is the throttle-free limit: the slowest host's connects / (2 per second per Systems process);
# "of limit" is that / the run's seconds; "throttled" and "share" count the connects that slept in the throttle;
# "dropped" those sshd dropped; "answer" is a connecting call's answer time (latency + throttle sleep + handshake).
# Below the table: each scenario's job against the helper; with REPEAT > 1 the spread over the rounds; with "twice",
# the least share throttled any client could reach at each pace when connects land on processes at random (a
# client cannot see where a connect lands): the frontier the job's figures are to be read against.
#
#   bench/pacing.sh
#   SCENARIOS=hosts REPEAT=3 bench/pacing.sh
#   HOSTS=5 USERS_PER_HOST=120 ONE_HOST_USERS=400 LATENCY=20 VERIFY=250 HELPER_THREADS=32 bench/pacing.sh
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/jar-bench.sh
jar_bench Pacing bench/Pacing.java bench/OldHelper.java bench/Processes.java
