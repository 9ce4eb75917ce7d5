package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.batch.owner.StopRequest;
import io.tmsprovisioner.repository.ExecutionScope;
import io.tmsprovisioner.repository.JdbcAttemptJournal;
import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.List;

/**
 * The provisioning step: its rows run in a {@link RowPipeline} from the step's start to its end, driven by the
 * step's thread: each call of {@link #execute} runs the pipeline (starting rows as others finish) until rows
 * finished, then commits, in the step's transaction, the outcomes of the rows that finished since the last one
 * (at most {@code maxPerCommit}, gathered for up to {@link #LINGER}), with their journal notes deleted and the
 * step's progress saved. Rows finish and commit in any order; the outcome table is the
 * record a resumed run starts from.
 *
 * <p>The step ends COMPLETED when every row is recorded; FAILED, with the failure of the row that ended the
 * run (Tapis is down, ...), once the rows in flight are recorded; STOPPED when a {@link StopRequest} came,
 * once the rows in flight are recorded (for up to {@code tms.stop-grace}).
 */
public class ProvisioningTasklet implements Tasklet, StepExecutionListener {
    /** How long a commit waits for more finished rows to join the first. */
    static final Duration LINGER = Duration.ofMillis(200);
    /** How long a call waits for a first finished row before it lets Spring Batch look at the step again. */
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);

    private final RowPipeline pipeline;
    private final OutcomeRepository outcomes;
    private final JdbcAttemptJournal journal;
    private final ProgressCounter progress;
    private final StopRequest stopRequest;
    private final Runnable confirmLease;
    private final int maxPerCommit;
    private final ExecutionScope scope;
    private final Runnable stopPipeline;

    public ProvisioningTasklet(RowPipeline pipeline, OutcomeRepository outcomes, JdbcAttemptJournal journal,
                        ProgressCounter progress, StopRequest stopRequest, Runnable confirmLease, int maxPerCommit,
                        ExecutionScope scope) {
        this.pipeline = pipeline;
        this.outcomes = outcomes;
        this.journal = journal;
        this.progress = progress;
        this.stopRequest = stopRequest;
        this.confirmLease = confirmLease;
        this.maxPerCommit = maxPerCommit;
        this.scope = scope;
        this.stopPipeline = pipeline::requestStop;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        progress.started(stepExecution);
        stopRequest.whenRequested(stopPipeline); // first: a stop requested before the step starts no row
        pipeline.start();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        List<RowOutcome> batch = pipeline.take(maxPerCommit, FIRST_WAIT, LINGER);
        if (!batch.isEmpty()) {
            commit(batch, contribution);
            return RepeatStatus.CONTINUABLE;
        }
        if (!pipeline.exhausted()) {
            return RepeatStatus.CONTINUABLE;
        }
        if (pipeline.stopRequested()) {
            // Spring Batch ends the step STOPPED once this transaction is committed
            chunkContext.getStepContext().getStepExecution().setTerminateOnly();
            return RepeatStatus.CONTINUABLE;
        }
        Throwable failure = pipeline.failure();
        if (failure instanceof Exception exception) {
            throw exception;
        }
        if (failure != null) {
            throw (Error) failure;
        }
        journal.committedAll();
        return RepeatStatus.FINISHED;
    }

    /** In the step's transaction: a process another run took the execution from commits nothing. */
    private void commit(List<RowOutcome> batch, StepContribution contribution) {
        confirmLease.run();
        outcomes.insert(scope, batch);
        journal.committing(batch.stream().map(RowOutcome::lineNumber).toList());
        batch.forEach(row -> contribution.incrementReadCount());
        contribution.incrementWriteCount(batch.size());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                pipeline.committed(batch);
                progress.committed(batch);
            }
        });
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        stopRequest.spent(stopPipeline);
        pipeline.close();
        journal.close();
        progress.finished();
        return null; // the step's own exit status stands
    }
}
