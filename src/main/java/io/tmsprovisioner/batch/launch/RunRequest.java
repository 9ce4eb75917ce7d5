package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.batch.owner.ProcessOwner;
import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.tapis.TapisUrl;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * What the administrator asked to run. The content's hash, the default action, the Tapis URL and
 * whether it is a dry run identify the job instance.
 *
 * @param tapisUrl          kept in its {@link TapisUrl#canonical canonical} spelling, so that equivalent URLs name
 *                          the same job instance (and meet its unfinished-run guard)
 * @param rows              the number of data rows, for progress reports (0 when unknown)
 * @param destructive       whether a row of the content removes or resets a credential: only a content that
 *                          establishes alone may supersede an unfinished run of the file (see {@link ProvisioningLauncher})
 * @param abandonUnfinished whether an unfinished run of another content of the same file may be marked ABANDONED
 *                          for this one to start (see {@link ProvisioningLauncher})
 * @param roster            the roster the file is, and whether the run makes it the desired state
 */
public record RunRequest(Path inputFile, String inputSha256, Action defaultAction, String tapisUrl, boolean dryRun,
                         long rows, boolean destructive, boolean abandonUnfinished, Roster roster) {

    public RunRequest {
        tapisUrl = TapisUrl.canonical(tapisUrl);
    }

    /** A run that does not sync: its roster is the file. */
    public RunRequest(Path inputFile, String inputSha256, Action defaultAction, String tapisUrl, boolean dryRun,
                      long rows, boolean destructive, boolean abandonUnfinished) {
        this(inputFile, inputSha256, defaultAction, tapisUrl, dryRun, rows, destructive, abandonUnfinished,
                new Roster(inputFile.toAbsolutePath().normalize().toString(), false, 0));
    }

    /**
     * Which roster a run's file is (the file's path, or the name {@code --roster} gives), so that a later
     * {@code --sync} of the same roster knows which credentials its earlier runs created.
     *
     * @param sync        whether the pairs the roster's earlier runs created and the file no longer lists are removed
     * @param maxRemovals how many such pairs a real run may remove at most (the file's own removes and resets
     *                    counted off {@code --max-destructive}); more and it is refused before it starts
     */
    public record Roster(String name, boolean sync, long maxRemovals) {
    }

    /**
     * The request's identity but for the sequence: the SHA-256 of its identifying parameters, which names the
     * request's row of {@code PROVISIONING_LAUNCH} (see {@link LaunchLock}).
     */
    public String launchKey() {
        StringBuilder identity = new StringBuilder();
        parameters(0).getIdentifyingParameters().stream()
                .filter(parameter -> !parameter.name().equals(JobParameterNames.SEQUENCE))
                .sorted(Comparator.comparing(JobParameter::name))
                .forEach(parameter -> identity.append(parameter.name()).append('=').append(parameter.value())
                        .append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException required) {
            throw new IllegalStateException("every Java has SHA-256", required);
        }
    }

    /**
     * The job parameters of the {@code sequence}-th job instance of this request. Identifying: the default
     * action, the content's hash, the Tapis URL, the mode and the sequence; the rest only describes the run.
     * Never a secret: job parameters are stored in plain text.
     */
    public JobParameters parameters(long sequence) {
        return new JobParametersBuilder()
                .addString(JobParameterNames.ACTION, defaultAction().name(), true)
                .addString(JobParameterNames.INPUT_SHA256, inputSha256(), true)
                .addString(JobParameterNames.TAPIS_URL, tapisUrl(), true)
                .addString(JobParameterNames.MODE, dryRun() ? JobParameterNames.DRY_RUN : JobParameterNames.APPLY,
                        true)
                .addLong(JobParameterNames.SEQUENCE, sequence, true)
                .addString(JobParameterNames.INPUT_FILE, inputFile().toAbsolutePath().toString(), false)
                .addString(JobParameterNames.OWNER, ProcessOwner.current().toString(), false)
                .addLong(JobParameterNames.INPUT_ROWS, rows(), false)
                .addString(JobParameterNames.INPUT_DESTRUCTIVE, Boolean.toString(destructive()), false)
                .addString(JobParameterNames.ROSTER, roster().name(), false)
                .addString(JobParameterNames.SYNC, Boolean.toString(roster().sync()), false)
                .toJobParameters();
    }
}
