package io.tmsprovisioner.batch;

import io.tmsprovisioner.PostgresServer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Puts a test context's job repository on PostgreSQL: one server for every such test class of a run
 * (starting one takes seconds), a fresh database for each context.
 * Use with {@code @ContextConfiguration(initializers = PostgresRepository.class)} and {@code @DirtiesContext}.
 */
final class PostgresRepository implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Started on first use, stopped when the test JVM ends. */
    private static final class Server {
        static final PostgresServer POSTGRES = start();

        private static PostgresServer start() {
            PostgresServer server = PostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
            return server;
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        PostgresServer postgres = Server.POSTGRES;
        TestPropertyValues.of("spring.datasource.url=" + postgres.createDatabase(),
                "spring.datasource.username=" + postgres.user(), "spring.datasource.password=" + postgres.password())
                .applyTo(context);
    }
}
