package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.batch.launch.ExecutionControl;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.TryAgainException;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.ApplicationContexts;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * What {@code stop} and {@code abandon} share: one execution, named by its id, on the lean context of the
 * repository; the answer printed, or a refusal in one line with its exit code.
 */
abstract class ExecutionControlCommand implements Callable<Integer> {
    private final CliContext cli;

    @Parameters(paramLabel = "EXECUTION_ID", description = "An execution id, as printed by run and status.")
    long executionId;

    @Mixin
    RepositoryOptions repository;

    ExecutionControlCommand(CliContext cli) {
        this.cli = cli;
    }

    /** What the command does to the execution. */
    abstract ExecutionControl.Answer apply(ExecutionControl control, long executionId);

    @Override
    public Integer call() {
        ExecutionControl.Answer answer;
        try (ConfigurableApplicationContext context = ApplicationContexts.open(repository, cli.configuration())) {
            answer = apply(new ExecutionControl(context.getBean(JobRepository.class), context.getBean(Heartbeat.class),
                    context.getBean(JdbcTemplate.class), context.getBean(PlatformTransactionManager.class)),
                    executionId);
        }
        return switch (answer.verdict()) {
            case DONE -> {
                cli.out().println(answer.message());
                cli.out().flush();
                yield ExitCodes.OK;
            }
            case NOT_APPLICABLE -> throw new UsageException(answer.message());
            case OWNER_GONE -> throw new TryAgainException(answer.message());
        };
    }
}
