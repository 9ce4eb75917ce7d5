package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.input.InputRow.Verdict;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** `run --systems`: a file of users provisioned on each listed system, as a file of pairs would be. */
class UsersBySystemsFunctionalTests extends CliTestSupport {

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path expanded() {
        return dir.resolve("expanded");
    }

    /** {@code run --input=USERS --systems SYSTEMS --expanded-dir DIR/expanded --repository-url REPOSITORY MORE...} */
    private Result runUsers(Map<String, String> env, Path users, String systems, String... more) {
        List<String> args = new ArrayList<>(List.of("--systems", systems, "--expanded-dir", expanded().toString()));
        args.addAll(List.of(more));
        return run(env, users, args.toArray(String[]::new));
    }

    private static long executionId(Result result) {
        return Long.parseLong(find("Execution (\\d+) ", result));
    }

    private static String find(String regex, Result result) {
        Matcher matcher = Pattern.compile(regex).matcher(result.out());
        assertThat(matcher.find()).as("%s in %s", regex, result.out()).isTrue();
        return matcher.group(matcher.groupCount());
    }

    /** Line → "username system_id action outcome", from the execution's JSON report. */
    private Map<Long, String> reported(Result run) {
        Result json = CliRunner.run(Map.of(), "report", Long.toString(executionId(run)), "--format", "json",
                "--repository-url", repository);
        assertThat(json.exitCode()).as(json.err()).isZero();
        Map<Long, String> rows = new TreeMap<>();
        for (JsonNode row : JsonMapper.shared().readTree(json.out()).get("rows")) {
            rows.put(Long.parseLong(row.get("line").asString()), String.join(" ", row.get("username").asString(),
                    row.get("system_id").asString(), row.get("action").asString(), row.get("outcome").asString()));
        }
        return rows;
    }

    private List<Path> expandedFiles() throws Exception {
        if (!Files.exists(expanded())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(expanded())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private String status() {
        return CliRunner.run(Map.of(), "status", "--repository-url", repository).out();
    }

    @Test
    void eachUserIsProvisionedOnEachListedSystemInFileOrderAndReportedPairByPair() throws Exception {
        // given: a user with a credential on stampede3, one to remove everywhere, a bad name, a new user
        Path users = file("users.csv", "# cohort\nusername,action\njdoe,\nasmith,remove\nj doe,\nnewuser,\n");

        // when
        Result result = runUsers(loginEnv(), users, "stampede3,frontera,ls6");

        // then: rows as of a file of pairs, user by user, the systems in the order given; lines of the pairs file
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        Path pairs = expandedFiles().get(0);
        assertThat(reported(result)).containsExactly(
                entry(3L, "jdoe stampede3 establish ALREADY_PRESENT"),
                entry(4L, "jdoe frontera establish CREATED"),
                entry(5L, "jdoe ls6 establish CREATED"),
                entry(6L, "asmith stampede3 remove REMOVED"),
                entry(7L, "asmith frontera remove REMOVED"),
                entry(8L, "asmith ls6 remove REMOVED"),
                entry(9L, "j doe stampede3 establish REJECTED"),
                entry(10L, "j doe frontera establish REJECTED"),
                entry(11L, "j doe ls6 establish REJECTED"),
                entry(12L, "newuser stampede3 establish CREATED"),
                entry(13L, "newuser frontera establish CREATED"),
                entry(14L, "newuser ls6 establish CREATED"));
        assertThat(simulator.hasCredential("frontera", "jdoe")).isTrue();
        assertThat(simulator.hasCredential("frontera", "asmith")).isFalse();
        assertThat(simulator.keysMinted("ls6", "newuser")).isEqualTo(1);

        // and: the output says what ran, and the pairs file says where it came from
        assertThat(result.out()).contains(
                "Provisioning 4 user(s) × 3 system(s) = 12 row(s) of " + users + " (expanded to " + pairs + ") against ",
                "Of these, 3 remove and 0 reset a credential (--max-destructive 100)",
                "  input   " + pairs,
                "Users × systems: the input above is " + users + " expanded to one row per user and system "
                        + "(stampede3, frontera, ls6)");
        assertThat(Files.readAllLines(pairs).get(0)).isEqualTo("# tms-provisioner run --systems: each user of "
                + "users.csv on each of 3 system(s), in this order: stampede3, frontera, ls6");
        assertThat(pairs).isEqualTo(expanded().resolve(users.toAbsolutePath().toString().substring(1)));
        assertThat(status()).contains(pairs.toString());
    }

    @Test
    void aRunThatFailsPartWayIsResumedByTheSameCommandWithoutMintingAKeyTwice() throws Exception {
        // given: 4 new users on 3 systems, one row at a time; Tapis goes down when the 5th check arrives
        Path users = file("users.csv", "username\nnew1\nnew2\nnew3\nnew4\n");
        String[] options = {"--concurrency", "1", "--max-attempts", "1"};
        CountDownLatch inCheck = simulator.holdAfterEffect(Endpoint.CHECK_CREDENTIAL, 5);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Result failed;
        try {
            Future<Result> running = thread.submit(() -> runUsers(loginEnv(), users, "stampede3,frontera,ls6", options));
            assertThat(inCheck.await(60, TimeUnit.SECONDS)).as("the run reached its 5th check").isTrue();
            simulator.setOutage(true);
            simulator.releaseHeld();

            // when
            failed = running.get(120, TimeUnit.SECONDS);
        } finally {
            simulator.releaseHeld();
            thread.shutdownNow();
        }

        // then: the job stopped with some rows recorded
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(ExitCodes.JOB_FAILED);
        long recordedFirst = Long.parseLong(find("rows +(\\d+) recorded by this execution", failed));
        assertThat(recordedFirst).isBetween(1L, 11L);

        // when: Tapis is back and the same command runs again
        simulator.setOutage(false);
        Result resumed = runUsers(loginEnv(), users, "stampede3,frontera,ls6", options);

        // then: the same job instance, finished, every pair's keys minted once
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.OK);
        assertThat(find("(\\(job instance \\d+\\))", resumed)).isEqualTo(find("(\\(job instance \\d+\\))", failed));
        assertThat(resumed.out()).contains((12 - recordedFirst) + " recorded by this execution, 12 by the job instance in all");
        assertThat(reported(resumed)).hasSize(12).allSatisfy((line, row) -> assertThat(row).endsWith(" CREATED"));
        for (String user : List.of("new1", "new2", "new3", "new4")) {
            for (String system : List.of("stampede3", "frontera", "ls6")) {
                assertThat(simulator.keysMinted(system, user)).as("%s on %s", user, system).isEqualTo(1);
            }
        }
        assertThat(expandedFiles()).hasSize(1);
    }

    @Test
    void theLeftoversNameThePairsAndRunAsAFileOfPairs() throws Exception {
        // given: a run while ls6's host is down, with a bad user name
        Path users = file("users.csv", "username\njdoe\npchen\nbad name\n");
        simulator.setHostDown("ls6", true);
        Result first = runUsers(loginEnv(), users, "stampede3,ls6");
        assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(reported(first)).containsExactly(
                entry(3L, "jdoe stampede3 establish ALREADY_PRESENT"),
                entry(4L, "jdoe ls6 establish UNVERIFIED"),
                entry(5L, "pchen stampede3 establish ALREADY_PRESENT"),
                entry(6L, "pchen ls6 establish UNVERIFIED"),
                entry(7L, "bad name stampede3 establish REJECTED"),
                entry(8L, "bad name ls6 establish REJECTED"));

        // when: its leftovers are written
        Path leftovers = dir.resolve("leftovers.csv");
        Result report = CliRunner.run(Map.of(), "report", Long.toString(executionId(first)), "--only",
                "failed,unverified,rejected", "--format", "csv", "--output", leftovers.toString(), "--repository-url",
                repository);

        // then: the pairs, each with its action
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readAllLines(leftovers).get(0)).isEqualTo("action,username,system_id,reason");
        List<InputRow> rows = new ArrayList<>();
        try (CsvInput input = CsvInput.open(leftovers, Action.ESTABLISH)) {
            for (InputRow row = input.next(); row != null; row = input.next()) {
                rows.add(row);
            }
        }
        assertThat(rows).extracting(InputRow::username, InputRow::systemId, InputRow::action, InputRow::verdict)
                .containsExactly(
                        tuple("jdoe", "ls6", Action.ESTABLISH, Verdict.VALID),
                        tuple("pchen", "ls6", Action.ESTABLISH, Verdict.VALID),
                        tuple("bad name", "stampede3", Action.ESTABLISH, Verdict.REJECTED),
                        tuple("bad name", "ls6", Action.ESTABLISH, Verdict.REJECTED));

        // when: the host is back and the leftovers run, without --systems
        simulator.setHostDown("ls6", false);
        Result again = run(loginEnv(), leftovers);

        // then: the keys the first run stored but could not verify are found, not minted again
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(again.out()).contains("Provisioning 4 row(s) of " + leftovers).doesNotContain("Users × systems");
        assertThat(reported(again)).containsExactly(
                entry(2L, "jdoe ls6 establish ALREADY_PRESENT"),
                entry(3L, "pchen ls6 establish ALREADY_PRESENT"),
                entry(4L, "bad name stampede3 establish REJECTED"),
                entry(5L, "bad name ls6 establish REJECTED"));
        assertThat(simulator.keysMinted("ls6", "jdoe")).isEqualTo(1);
        assertThat(simulator.keysMinted("ls6", "pchen")).isEqualTo(1);
    }

    @Test
    void usageErrorsExitTwoInOneLineNamingTheProblemAndRecordNothing() throws Exception {
        // given
        Path pairs = file("pairs.csv", "# pairs\nusername,System\njdoe,ls6\n");
        Path users = file("users.csv", "username\njdoe\n");
        Path noUsername = file("emails.csv", "email\njdoe@example.org\n");

        // when
        List<Map.Entry<Result, String>> refusals = List.of(
                entry(runUsers(loginEnv(), pairs, "ls6"), "Input file " + pairs + ", line 2: the header has a system_id "
                + "column ('System', column 2), but --systems (or tms.systems) names the systems of every user; run this "
                + "file of pairs without --systems"),
                entry(runUsers(loginEnv(), users, "ls6,stampede3,ls6"),
                        "--systems names ls6 twice (systems 1 and 3); name each system once."),
                entry(runUsers(loginEnv(), users, "ls6,my system"),
                        "--systems, system 2: system_id 'my system' has a character not allowed in a Tapis system id (' ')"),
                entry(runUsers(loginEnv(), users, "ls6,,stampede3"),
                        "--systems, system 2: is empty; separate the system ids by single commas."),
                entry(runUsers(loginEnv(), users, ""), "--systems, system 1: is empty"),
                entry(runUsers(loginEnv(), noUsername, "ls6"), "Input file " + noUsername + ", line 1: the header lacks "
                        + "the required column username; found: 'email'. Accepted names (case-insensitive): username "
                        + "(or user), action (optional)."),
                entry(run(loginEnv(), users), "Input file " + users + ", line 1: the header lacks the required column "
                        + "system_id; found: 'username'."));

        // then
        assertThat(refusals).allSatisfy(refusal -> {
            Result result = refusal.getKey();
            String message = refusal.getValue();
            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).startsWith("tms-provisioner: ").contains(message).hasLineCount(1);
        });
        assertThat(simulator.totalCalls()).as("not even a login").isZero();
        assertThat(status()).contains("No executions recorded");
        assertThat(expandedFiles()).isEmpty();
    }

    @Test
    void theSystemsComeFromConfigurationLikeEveryOption() throws Exception {
        Map<String, String> env = new HashMap<>(loginEnv());
        env.put("TMS_SYSTEMS", "stampede3, ls6");
        env.put("TMS_EXPANDED_DIR", expanded().toString());
        Path users = file("users.csv", "user\npchen\n");
        Path pairs = file("pairs.csv", "username,system_id\npchen,ls6\n");

        Result result = run(env, users);
        Result refused = run(env, pairs);

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
        assertThat(reported(result)).containsExactly(entry(3L, "pchen stampede3 establish ALREADY_PRESENT"),
                entry(4L, "pchen ls6 establish CREATED"));
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("the header has a system_id column ('system_id', column 2), but --systems "
                + "(or tms.systems)");
    }

    @Test
    void theDestructiveCeilingCountsEveryUserOnEverySystem() throws Exception {
        // given: 40 users, reset by mistake on 3 systems
        StringBuilder cohort = new StringBuilder("username\n");
        for (int user = 0; user < 40; user++) {
            cohort.append("user").append(user).append('\n');
        }
        Path users = file("cohort.csv", cohort.toString());

        // when
        Result refused = runUsers(loginEnv(), users, "stampede3,frontera,ls6", "--action", "reset");

        // then
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains(users + " × 3 system(s) would remove 0 and reset 120 credential(s) (120 in all), "
                + "more than --max-destructive 100. Nothing was started.");
        assertThat(simulator.totalCalls()).isZero();
        assertThat(status()).contains("No executions recorded");
    }

    @Test
    void helpDescribesTheOptionsAndTheDemoTakesThemToo() throws Exception {
        Result help = CliRunner.run(Map.of(), "run", "--help");
        Path users = file("users.csv", "username\njdoe\nnewuser\n");

        Result demo = CliRunner.run(Map.of(), "demo", "--input", users.toString(), "--systems", "stampede3,ls6",
                "--simulator-state", Samples.SIMULATOR_STATE.toString());

        assertThat(help.out()).contains("--systems=SYSTEM[,SYSTEM...]", "Provision every user of --input on each of these",
                "--expanded-dir=DIR");
        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("Provisioning 2 user(s) × 2 system(s) = 4 row(s) of " + users, "CREATED",
                "Users × systems: the input above is " + users);
    }
}
