package io.tmsprovisioner.report;

import io.tmsprovisioner.batch.owner.ExecutionTakenOverException;
import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.provisioning.Outcome;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.EmptyResultDataAccessException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads executions of the provisioning job and their outcome counts from the job repository. */
public class ExecutionHistory {
    private static final String OWN_PACKAGE = "io.tmsprovisioner.";
    private static final String CAUSED_BY = "Caused by: ";
    private final JobRepository jobRepository;
    private final OutcomeRepository outcomes;

    public ExecutionHistory(JobRepository jobRepository, OutcomeRepository outcomes) {
        this.jobRepository = jobRepository;
        this.outcomes = outcomes;
    }

    /** The most recent executions, newest first. */
    public List<ExecutionOverview> recent(int limit) {
        return jobRepository.getJobInstances(JobParameterNames.JOB_NAME, 0, limit).stream()
                .flatMap(instance -> jobRepository.getJobExecutions(instance).stream())
                .sorted(Comparator.comparingLong(JobExecution::getId).reversed())
                .limit(limit)
                .map(this::overview)
                .toList();
    }

    public Optional<ExecutionOverview> find(long executionId) {
        JobExecution execution;
        try {
            execution = jobRepository.getJobExecution(executionId);
        } catch (EmptyResultDataAccessException unknown) {
            // the JDBC repository throws, rather than answering null, for an id it never issued
            return Optional.empty();
        }
        return Optional.ofNullable(execution)
                .filter(e -> e.getJobInstance().getJobName().equals(JobParameterNames.JOB_NAME))
                .map(this::overview);
    }

    public ExecutionOverview overview(JobExecution execution) {
        JobInstance instance = execution.getJobInstance();
        JobParameters parameters = execution.getJobParameters();
        Map<Outcome, Long> instanceCounts = outcomes.countsForInstanceUpTo(instance.getInstanceId(), execution.getId());
        return new ExecutionOverview(execution.getId(), instance.getInstanceId(),
                parameters.getString(JobParameterNames.ACTION), parameters.getString(JobParameterNames.INPUT_FILE),
                parameters.getString(JobParameterNames.TAPIS_URL), execution.getStatus(), execution.getStartTime(),
                execution.getEndTime(), outcomes.countsForExecution(execution.getId()), instanceCounts,
                failures(execution), JobParameterNames.DRY_RUN.equals(parameters.getString(JobParameterNames.MODE)),
                supersedes(parameters));
    }

    private static List<Long> supersedes(JobParameters parameters) {
        String executions = parameters.getString(JobParameterNames.SUPERSEDES);
        return executions == null ? List.of() : Stream.of(executions.split(",")).map(Long::valueOf).toList();
    }

    static List<String> failures(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return List.of(); // asked to stop: Spring Batch's "interrupted" exceptions say nothing more
        }
        List<Throwable> failures = execution.getAllFailureExceptions();
        // a run another run took over failed for that reason; what broke after it only follows from it
        List<Throwable> takenOver = failures.stream()
                .filter(failure -> failure instanceof ExecutionTakenOverException).toList();
        List<String> live = (takenOver.isEmpty() ? failures : takenOver).stream()
                .map(ExecutionHistory::tellingMessage).distinct().toList();
        return live.isEmpty() ? storedFailure(execution) : live;
    }

    /** A reloaded execution has no exceptions, only exit descriptions holding stack traces: keep the root cause line. */
    private static List<String> storedFailure(JobExecution execution) {
        return Stream.concat(Stream.of(execution.getExitStatus()),
                        execution.getStepExecutions().stream().map(StepExecution::getExitStatus))
                .map(ExitStatus::getExitDescription)
                .filter(description -> description != null && !description.isBlank())
                .map(ExecutionHistory::rootCauseLine)
                .distinct()
                .toList();
    }

    private static String rootCauseLine(String stackTrace) {
        List<String> causes = Stream.concat(stackTrace.lines().limit(1), stackTrace.lines()
                .filter(l -> l.startsWith(CAUSED_BY)).map(l -> l.substring(CAUSED_BY.length()))).toList();
        String line = causes.stream().filter(cause -> cause.startsWith(OWN_PACKAGE)).findFirst()
                .orElse(causes.get(causes.size() - 1));
        // drop the exception's class name: "x.y.SomeException: message" -> "message"
        int colon = line.indexOf(": ");
        return colon > 0 && !line.substring(0, colon).contains(" ") ? line.substring(colon + 2) : line;
    }

    /**
     * The message that says what happened: the outermost of the tool's own exceptions (they are written for
     * the administrator; a TapisOutageException says more than the failed call it wraps), else the root cause
     * (a framework's wrappers only repeat it).
     */
    private static String tellingMessage(Throwable failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getClass().getName().startsWith(OWN_PACKAGE) && cause.getMessage() != null) {
                return cause.getMessage();
            }
            root = cause;
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
