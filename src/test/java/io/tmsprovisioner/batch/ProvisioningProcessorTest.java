package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.RetryPolicy;
import io.tmsprovisioner.provisioning.Retrying;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.provisioning.SystemDirectory;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisSystems;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProvisioningProcessorTest {

    /** A Tapis where every credential exists: establish only checks. */
    private static final TapisSystems ALL_PRESENT = new TapisSystems() {
        @Override
        public CredentialCheck checkCredential(String systemId, String username) {
            return CredentialCheck.valid("SYSAPI_CRED_OK");
        }

        @Override
        public SystemInfo getSystem(String systemId) {
            return new SystemInfo(systemId, SystemInfo.TMS_KEYS);
        }

        @Override
        public CredentialCheck createTmsKeys(String systemId, String username) {
            return CredentialCheck.valid("SYSAPI_CRED_UPDATED");
        }

        @Override
        public void removeCredential(String systemId, String username) {
        }
    };

    private final List<RowOutcome> journaled = new ArrayList<>();
    private final AttemptJournal journal = new AttemptJournal() {
        @Override
        public PriorAttempts begin(long lineNumber) {
            return PriorAttempts.NONE;
        }

        @Override
        public void createSent(long lineNumber) {
        }

        @Override
        public void removed(long lineNumber) {
        }

        @Override
        public void finished(RowOutcome outcome) {
            journaled.add(outcome);
        }
    };

    private final PairOrder order = new PairOrder();
    private final ProvisioningProcessor processor = new ProvisioningProcessor(new Provisioner(ALL_PRESENT, journal,
            SystemDirectory.caching(), Retrying.with(RetryPolicy.defaults()), Clock.systemUTC()), order, journal);

    @Test
    void aRowJournalsTheOutcomeOfTheEarlierRowOfItsPairBeforeActing() {
        // given: two rows of one pair and one of another, registered by the reader in file order
        InputRow first = InputRow.valid(2, "jdoe", "stampede3", Action.ESTABLISH);
        InputRow other = InputRow.valid(3, "asmith", "stampede3", Action.ESTABLISH);
        InputRow second = InputRow.valid(4, "jdoe", "stampede3", Action.REMOVE);
        order.register(first);
        order.register(other);
        order.register(second);

        // when
        RowOutcome firstOutcome = processor.process(first);
        processor.process(other);
        RowOutcome secondOutcome = processor.process(second);

        // then: only the earlier row of a pair with a later row in the chunk was journaled
        assertThat(firstOutcome.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(secondOutcome.outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(journaled).containsExactly(firstOutcome);
    }

    @Test
    void anEarlierRowDoneBeforeTheReaderReachesTheLaterRowIsJournaledAllTheSame() {
        // Spring Batch submits each row as soon as it is read: the first row of a pair may be done
        // before the reader registers the second, which must still journal it before acting.
        InputRow first = InputRow.valid(15, "pchen", "stampede3", Action.ESTABLISH);
        InputRow later = InputRow.valid(41, "pchen", "stampede3", Action.RESET);

        order.register(first);
        RowOutcome firstOutcome = processor.process(first);
        order.register(later);
        processor.process(later);

        assertThat(journaled).containsExactly(firstOutcome);
    }

    @Test
    void aWrittenChunkIsForgottenSoTheNextChunkJournalsNothingOfIt() {
        InputRow inFirstChunk = InputRow.valid(15, "pchen", "stampede3", Action.ESTABLISH);
        InputRow inNextChunk = InputRow.valid(41, "pchen", "stampede3", Action.RESET);

        order.register(inFirstChunk);
        processor.process(inFirstChunk);
        order.chunkWritten();
        order.register(inNextChunk);
        processor.process(inNextChunk);

        assertThat(journaled).as("the first row's outcome is committed with its chunk").isEmpty();
    }
}
