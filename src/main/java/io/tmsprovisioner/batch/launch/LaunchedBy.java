package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.repository.JobParameterNames;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import java.util.Optional;

/**
 * Who launched an execution, recorded with it for {@code history}: the operating system user, and whom Tapis knew
 * the caller as. Names only, never a token or password: job parameters are stored in plain text.
 *
 * @param osUser     the operating system user ({@code user.name})
 * @param tapisLogin {@code TAPIS_USERNAME} or the token's subject; empty when the token named no one
 */
public record LaunchedBy(String osUser, Optional<String> tapisLogin) {

    /** This process's user, logged in to Tapis as {@code tapisLogin}. */
    public static LaunchedBy thisProcess(Optional<String> tapisLogin) {
        return new LaunchedBy(System.getProperty("user.name"), tapisLogin);
    }

    /** The parameters with these as non-identifying ones: the same run resumes whoever runs it. */
    JobParameters addTo(JobParameters parameters) {
        JobParametersBuilder builder = new JobParametersBuilder(parameters)
                .addString(JobParameterNames.OS_USER, osUser, false);
        tapisLogin.ifPresent(login -> builder.addString(JobParameterNames.TAPIS_LOGIN, login, false));
        return builder.toJobParameters();
    }
}
