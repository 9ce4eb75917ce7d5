package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.batch.FailingOutcomeCommits.When;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit of outcomes that fails half-way leaves the execution UNKNOWN, which Spring Batch refuses to
 * restart: the same command resumes it, and every row ends with one outcome, carried out once.
 */
@Import(FailingOutcomeCommits.class)
class FailedCommitFunctionalTests extends JobTestSupport {
    @Autowired
    FailingOutcomeCommits failingCommits;

    @AfterEach
    void disarm() {
        failingCommits.disarm();
    }

    /**
     * @param left how Spring Batch ends the run: after a commit that went through, its copy of the step is a
     *             version behind, saving it fails, and the run ends UNKNOWN; the JDBC transaction manager takes a
     *             commit that failed before for a rolled-back one, and the run ends FAILED
     */
    @ParameterizedTest
    @CsvSource({"AFTER_COMMITTING, UNKNOWN", "INSTEAD_OF_COMMITTING, FAILED"})
    void aRunWhoseCommitFailedHalfWayIsResumedByTheSameCommand(When when, BatchStatus left) throws Exception {
        // given: a run whose second commit of outcomes failed, after or before the database committed it
        failingCommits.failOutcomeCommit(2, when);
        Launched failed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);
        assertThat(failed.status()).isEqualTo(left);
        assertThat(failed.failures()).anyMatch(failure -> failure.contains("connection lost during the commit"));

        // when: the same command runs again
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: it resumed that instance and ended as one uninterrupted run would, no row carried out twice
        assertThat(resumed.instanceId()).isEqualTo(failed.instanceId());
        assertEndedAsOneUninterruptedRun(resumed);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME", Integer.class))
                .as("one outcome per line").isEqualTo(Samples.ONBOARDING_OUTCOMES.size());
        assertThat(jdbc.queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID", String.class))
                .containsExactly("FAILED", "COMPLETED");
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).as("creates sent").isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
    }
}
