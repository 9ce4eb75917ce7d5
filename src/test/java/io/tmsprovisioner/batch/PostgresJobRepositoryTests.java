package io.tmsprovisioner.batch;

import io.tmsprovisioner.PostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job with its repository on a real PostgreSQL (started by the test, see {@link PostgresServer}):
 * Spring Batch's schema and the project's created on an empty database, then every scenario of
 * {@link ProvisioningJobFunctionalTests} (mixed run, resume, lost answers, dry run, refusals) on it.
 */
@ContextConfiguration(initializers = PostgresRepository.class)
@DirtiesContext
class PostgresJobRepositoryTests extends ProvisioningJobFunctionalTests {

    @Test
    void theRepositoryIsPostgresAndBothSchemasWereCreatedOnTheEmptyDatabase() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class))
                .as("a paused owner's transaction ends after the heartbeat's stale limit (4 x 30 s)").isEqualTo("2min");
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(PostgresServer.USER);
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "ORDER BY table_name", String.class))
                .contains("batch_job_instance", "batch_job_execution", "batch_step_execution",
                        "batch_job_execution_context", "provisioning_outcome", "provisioning_attempt");
    }
}
