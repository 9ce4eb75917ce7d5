package io.tmsprovisioner.batch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2DurabilityTest {

    @Test
    void fileDatabasesFlushEveryCommit() {
        assertThat(H2Durability.durable("jdbc:h2:file:/home/a/.tms-provisioner/repository;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/home/a/.tms-provisioner/repository;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(H2Durability.durable("jdbc:h2:~/repo")).isEqualTo("jdbc:h2:~/repo;WRITE_DELAY=0");
    }

    @Test
    void otherDatabasesAndExplicitSettingsAreLeftAlone() {
        assertThat(H2Durability.durable("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(H2Durability.durable("jdbc:h2:tcp://db/repo")).isEqualTo("jdbc:h2:tcp://db/repo");
        assertThat(H2Durability.durable("jdbc:h2:file:/r;WRITE_DELAY=100")).isEqualTo("jdbc:h2:file:/r;WRITE_DELAY=100");
        assertThat(H2Durability.durable("jdbc:postgresql://db/tms")).isEqualTo("jdbc:postgresql://db/tms");
    }
}
