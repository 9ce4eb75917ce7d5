package io.tmsprovisioner.repository;

/** SQL about the parameters an execution was launched with, for the queries that look up or show executions by them. */
public final class StoredParameter {

    private StoredParameter() {
    }

    /**
     * @param executionId the column holding the execution's id, qualified by its table's alias
     * @return a condition with two placeholders: the parameter's name and its stored value
     */
    public static String matches(String executionId) {
        return "EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION_PARAMS p WHERE p.JOB_EXECUTION_ID = " + executionId
                + " AND p.PARAMETER_NAME = ? AND p.PARAMETER_VALUE = ?)";
    }

    /**
     * @param executionId the column holding the execution's id, qualified by its table's alias
     * @return a scalar subquery with one placeholder, the parameter's name: its stored value, or NULL
     */
    public static String valueOf(String executionId) {
        return "(SELECT d.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS d WHERE d.JOB_EXECUTION_ID = " + executionId
                + " AND d.PARAMETER_NAME = ?)";
    }
}
