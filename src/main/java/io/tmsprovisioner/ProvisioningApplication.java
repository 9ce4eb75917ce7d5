package io.tmsprovisioner;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The Spring side of {@code run}: Spring Boot's batch set-up and the job repository. The CLI ({@link Main})
 * parses the command line first and starts a context only for commands that need the repository; {@code run}
 * adds the job, the commands that only read or tidy the repository start the leaner {@link RepositoryApplication}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RepositoryConfiguration.class)
public class ProvisioningApplication {
}
