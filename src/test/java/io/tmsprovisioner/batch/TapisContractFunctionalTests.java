package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.tapis.ClientSettings;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisClient;
import io.tmsprovisioner.tapis.TapisCredentials;
import io.tmsprovisioner.tapis.TapisEndpoint;
import io.tmsprovisioner.tapis.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs against a Tapis that answers as its source does (docs/tapis-api.md): creates slower than the client's
 * timeouts, refusals Tapis wraps in a 500, systems whose definition rules TMS keys out, revoked tokens and an
 * Authenticator that cannot serve a login. Each ends with the credentials the contract promises and no key pair
 * minted twice.
 */
class TapisContractFunctionalTests extends JobTestSupport {

    /** Rows start 16 at a time, each with a check: the 17th check comes after one that needed a token. */
    private static final int FIRST_CHECK_AFTER_LOGIN = 20;

    @TempDir
    Path dir;

    private Path newUsersOn(String systemId, int users) throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int user = 0; user < users; user++) {
            lines.add("new" + user + "," + systemId);
        }
        return Files.write(dir.resolve("new-users.csv"), lines);
    }

    /** The sample's client, but reads time out after {@code readTimeout}; creates keep the job's write timeout. */
    private void readTimeout(Duration readTimeout) {
        ClientSettings settings = TestClients.withTimeouts(Duration.ofSeconds(5), readTimeout, Duration.ofSeconds(20),
                Duration.ofMillis(WRITE_TIMEOUT_MILLIS));
        tapis.target = new TapisClient(simulator.baseUrl(),
                new TapisCredentials.Login(Samples.ADMIN, new Secret(Samples.adminPassword())), settings);
    }

    @Test
    void createsSlowerThanTheReadTimeoutAreWaitedForAndNeverSentTwice() throws Exception {
        // given: reads answer in 50 ms and time out after 1 s; creates take 1.5 s, within the 2 s a write may take
        readTimeout(Duration.ofSeconds(1));
        simulator.setLatency(Duration.ofMillis(50));
        simulator.setLatencySpread(0, 30);

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: each create's answer was waited for, and each minted once
        assertEndedAsOneUninterruptedRun(run);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
        assertThat(outcomesOf(run).values()).as("no create's answer was given up on")
                .noneMatch(row -> row.message().contains("answer was lost"));
    }

    @Test
    void aCreateSlowerThanEvenTheWriteTimeoutIsCheckedOnlyOnceTheServiceCouldHaveFinished() throws Exception {
        // given: creates take 3 s, a write is given 2 s: the tool gives up on each answer while Tapis goes on and
        // stores the keys a second later
        Path input = newUsersOn("stampede3", 3);
        simulator.setLatency(Duration.ofMillis(100));
        simulator.setLatencySpread(0, 30);
        AtomicInteger createsSent = new AtomicInteger();
        ((TapisClient) tapis.target).observe((endpoint, status, nanos) -> {
            if (endpoint == TapisEndpoint.CREATE_CREDENTIAL) {
                createsSent.incrementAndGet();
            }
        });

        // when
        Launched run = launchJob(input, Action.ESTABLISH);

        // then: the check waited for the slow create instead of finding nothing and minting again
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(outcomesOf(run).values()).hasSize(3).allSatisfy(row -> {
            assertThat(row.outcome()).isEqualTo(Outcome.CREATED);
            assertThat(row.message()).endsWith("(the answer was lost; a check found them stored)");
        });
        // (a create sent again would still be running in the simulator now: count what the client sent)
        assertThat(createsSent).as("one create per user, none sent again while the first still ran").hasValue(3);
        for (int user = 0; user < 3; user++) {
            assertThat(simulator.keysMinted("stampede3", "new" + user)).as("new%d", user).isEqualTo(1);
        }
    }

    @Test
    void systemsWhoseDefinitionRulesOutTmsKeysFailTheirRowsBeforeAnyCreateOrRemove() throws Exception {
        // given: a TMS_KEYS system with a static effective user, and one that is not LINUX
        SimulatorState sample = Samples.state();
        List<SystemDef> systems = new ArrayList<>(sample.systems());
        systems.add(new SystemDef("shared.account", "TMS_KEYS", Samples.ADMIN, false, false, "login.example.org",
                "LINUX", "svc-account"));
        systems.add(new SystemDef("bucket", "TMS_KEYS", Samples.ADMIN, false, false, "s3.example.org", "S3",
                "${apiUserId}"));
        restartSimulator(new SimulatorState(sample.tokenLifetimeSeconds(), sample.accounts(), systems,
                List.of(new SimulatorState.Credential("shared.account", "jdoe"))));
        Path input = Files.write(dir.resolve("ruled-out.csv"), List.of("username,system_id,action",
                "asmith,shared.account,establish", "jdoe,shared.account,reset", "asmith,bucket,establish"));

        // when
        Launched run = launchJob(input, Action.ESTABLISH);

        // then
        Map<Long, RowOutcome> rows = outcomesOf(run);
        assertThat(kinds(rows)).containsOnly(Map.entry(2L, Outcome.FAILED), Map.entry(3L, Outcome.FAILED),
                Map.entry(4L, Outcome.FAILED));
        assertThat(rows.get(2L).tapisCode()).isEqualTo("SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED");
        assertThat(rows.get(3L).message()).startsWith("nothing removed: Tapis creates TMS keys only on systems whose "
                + "effectiveUserId is ${apiUserId}");
        assertThat(rows.get(4L).tapisCode()).isEqualTo("SYSLIB_CRED_TMS_KEYS_INVALID_SYS_TYPE");
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL) + simulator.calls(Endpoint.REMOVE_CREDENTIAL)).isZero();
        assertThat(simulator.hasCredential("shared.account", "jdoe")).as("the reset removed nothing").isTrue();
    }

    @Test
    void aTmsThatRefusesToMintFailsEachRowAtOnceSayingWhatTheTenantNeeds() throws Exception {
        // given: TMS is not in MVP mode and holds no delegation records for the caller
        simulator.setTmsSetup(SimulatorState.TmsSetup.DELEGATION_REQUIRED);

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: every row that needed new keys FAILED with TMS's refusal, once, and nothing was minted
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        List<RowOutcome> refused = outcomesOf(run).values().stream()
                .filter(row -> "SYSLIB_CRED_TMS_KEYS_HTTP_ERR".equals(row.tapisCode())).toList();
        assertThat(refused).hasSize(Samples.ONBOARDING_KEYS_MINTED).allSatisfy(row -> {
            assertThat(row.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(row.httpStatus()).isEqualTo(500);
            assertThat(row.message()).contains("TMS refused to mint keys: unless the tenant's TMS runs in MVP mode, it "
                    + "needs delegation, user-MFA and user-host records", "Missing or expired dependency");
            assertThat(row.attempts()).as("a refusal is not retried").isEqualTo(1);
        });
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
        assertThat(simulator.totalKeysMinted()).isZero();
    }

    @Test
    void aRevokedTokenIsRenewedOnceAndTheRunEndsAsACleanOne() throws Exception {
        // given: at the 20th check (after the first login: rows start 16 at a time), the site router revokes every
        // token issued so far
        atCheck(FIRST_CHECK_AFTER_LOGIN, () -> simulator.revokeIssuedTokens());

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertEndedAsOneUninterruptedRun(run);
        assertThat(simulator.calls(Endpoint.TOKEN, 200)).as("one renewal for all threads").isEqualTo(2);
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 500) + simulator.calls(Endpoint.GET_SYSTEM, 500)
                + simulator.calls(Endpoint.CREATE_CREDENTIAL, 500)).as("calls the gateway turned away").isPositive();
    }

    @Test
    void aRevocationCheckThatFailsStopsTheRunAsAnOutageAndTheSameCommandFinishesLater() throws Exception {
        // given: at the 20th check the site router's store fails: it calls every token revoked, new ones too
        atCheck(FIRST_CHECK_AFTER_LOGIN, () -> simulator.setRevocationCheckFailing(true));

        // when
        Launched stopped = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertThat(stopped.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(stopped.failures()).anySatisfy(failure -> assertThat(failure)
                .contains("answered \"Token is revoked.\" to a newly issued access token too"));
        assertThat(outcomesOf(stopped).values()).noneMatch(row -> row.message().contains("revoked"));

        // when: the gateway recovers and the same command runs again
        simulator.setRevocationCheckFailing(false);
        tapis.beforeCheck = () -> { };
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertEndedAsOneUninterruptedRun(resumed);
    }

    @Test
    void aRenewalTheAuthenticatorCannotServeIsTriedAgain() throws Exception {
        // given: at the 20th check every token expires, and the next two logins get the Authenticator's
        // "Failure to generate an access token; please try again later." (a 400, like a wrong password)
        atCheck(FIRST_CHECK_AFTER_LOGIN, () -> {
            simulator.failLogins(2);
            simulator.expireAllTokens();
        });

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertEndedAsOneUninterruptedRun(run);
        assertThat(simulator.calls(Endpoint.TOKEN, 400)).as("the Authenticator's own failures").isEqualTo(2);
    }
}
