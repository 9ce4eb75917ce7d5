package io.tmsprovisioner.batch;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/** Every scenario of {@link ProvisioningLauncherTests} with the job repository on a real PostgreSQL. */
@ContextConfiguration(initializers = PostgresRepository.class)
@DirtiesContext
class PostgresLauncherTests extends ProvisioningLauncherTests {
}
