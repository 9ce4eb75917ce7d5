package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.repository.StoredParameter;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the launcher starts looking for the latest job instance of a request: the highest sequence
 * number recorded for its other identifying parameters. The instances of one input, action, Tapis URL and
 * mode are numbered 1, 2, 3, ...; {@code prune} may remove the older ones, so the latest is not found by
 * counting up from 1 (a gap would make the launcher start afresh beside a resumable instance).
 */
final class InstanceSequence {
    private final JdbcTemplate jdbc;

    InstanceSequence(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param identifying the request's parameters, with any sequence (its own is ignored)
     * @return the highest sequence recorded with the same other parameters, or 1 when there is none
     */
    long newest(JobParameters identifying) {
        StringBuilder sql = new StringBuilder("SELECT MAX(CAST(s.PARAMETER_VALUE AS BIGINT)) FROM BATCH_JOB_EXECUTION_PARAMS s "
                + "JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID "
                + "JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID "
                + "WHERE i.JOB_NAME = ? AND s.PARAMETER_NAME = ?");
        List<Object> values = new ArrayList<>(List.of(JobParameterNames.JOB_NAME, JobParameterNames.SEQUENCE));
        for (JobParameter<?> parameter : identifying.getIdentifyingParameters()) {
            if (parameter.value() instanceof String value) {
                sql.append(" AND ").append(StoredParameter.matches("s.JOB_EXECUTION_ID"));
                values.add(parameter.name());
                values.add(value);
            }
        }
        Long newest = jdbc.queryForObject(sql.toString(), Long.class, values.toArray());
        return newest == null ? 1 : newest;
    }
}
