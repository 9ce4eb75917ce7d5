package io.tmsprovisioner.batch;

import io.tmsprovisioner.PostgresServer;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job with its repository on a real PostgreSQL (started by the test, see {@link PostgresServer}):
 * Spring Batch's schema and the project's created on an empty database, one outcome per line, resume.
 */
@DirtiesContext
class PostgresJobRepositoryTests extends JobTestSupport {
    private static final PostgresServer POSTGRES = PostgresServer.start();
    private static final String URL = POSTGRES.createDatabase();

    @DynamicPropertySource
    static void repositoryOnPostgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
        registry.add("spring.datasource.username", POSTGRES::user);
        registry.add("spring.datasource.password", POSTGRES::password);
    }

    @AfterAll
    static void stopPostgres() {
        POSTGRES.close(); // @DirtiesContext then closes the context, whose pool no longer has a server
    }

    @Test
    void theRepositoryIsPostgresAndBothSchemasWereCreatedOnTheEmptyDatabase() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(PostgresServer.USER);
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "ORDER BY table_name", String.class))
                .contains("batch_job_instance", "batch_job_execution", "batch_step_execution",
                        "batch_job_execution_context", "provisioning_outcome", "provisioning_attempt");
    }

    @Test
    void theOnboardingSampleRecordsOneOutcomePerLineAsOnH2() throws Exception {
        Launched execution = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        assertThat(execution.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, RowOutcome> rows = outcomesOf(execution);
        assertThat(kinds(rows)).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(rows.get(22L).httpStatus()).isEqualTo(401);
        assertThat(rows.get(22L).tapisCode()).isEqualTo("SYSAPI_CRED_VALID_FAIL");
        assertThat(rows.get(31L).tapisCode()).isEqualTo("SYSAPI_NOSYSTEM");
        assertThat(rows.get(34L).message()).contains("line 7");
        assertThat(outcomes.countsForExecution(execution.executionId()).get(Outcome.CREATED)).isEqualTo(11);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_ATTEMPT", Integer.class))
                .as("a committed chunk's notes are gone").isZero();
        assertThat(simulator.totalKeysMinted()).isEqualTo(13);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(13);
    }

    @Test
    void aRunThatFailsMidwayResumesWithoutRedoingOrLosingRows() throws Exception {
        // given: Tapis goes down at the 12th check
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == 12) {
                simulator.setOutage(true);
            }
        };
        Launched failed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        int recorded = outcomeRows(failed.instanceId());
        assertThat(recorded).isPositive().isLessThan(Samples.ONBOARDING_OUTCOMES.size());
        assertThat(recorded % 4).as("only whole chunks are committed").isZero();

        // when: Tapis recovers and the same run is launched again
        simulator.setOutage(false);
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: the same instance finishes, each line recorded once, no key pair minted twice
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(failed.instanceId());
        assertThat(resumed.executionId()).isNotEqualTo(failed.executionId());
        assertThat(outcomeRows(resumed.instanceId())).isEqualTo(Samples.ONBOARDING_OUTCOMES.size());
        assertThat(kinds(outcomesOf(resumed))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(outcomes.countsForExecution(resumed.executionId()).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(Samples.ONBOARDING_OUTCOMES.size() - recorded);
        assertThat(simulator.totalKeysMinted()).isEqualTo(13);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL) - simulator.calls(Endpoint.CREATE_CREDENTIAL, 503))
                .as("creates that reached Tapis (the outage's 503s took no effect): none twice").isEqualTo(13);
        assertThat(jdbc.queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ? "
                + "ORDER BY JOB_EXECUTION_ID", String.class, failed.instanceId())).containsExactly("FAILED", "COMPLETED");
    }
}
