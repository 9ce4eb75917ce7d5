package io.tmsprovisioner.batch;

import io.tmsprovisioner.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job with its repository on a real PostgreSQL (started by the test, see {@link PostgresServer}):
 * Spring Batch's schema and the project's created on an empty database, then every scenario of
 * {@link ProvisioningJobFunctionalTests} (mixed run, resume, lost answers, dry run, refusals) on it.
 */
@DirtiesContext
class PostgresJobRepositoryTests extends ProvisioningJobFunctionalTests {
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
}
