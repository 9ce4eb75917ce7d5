package io.tmsprovisioner.batch;

/**
 * The provisioning job's parameters. Identifying: the default action, the input's SHA-256, the Tapis
 * URL and a sequence number (a completed instance is followed by a fresh one). Never a secret: job
 * parameters are stored in plain text.
 */
public final class JobParameterNames {
    public static final String ACTION = "action";
    public static final String INPUT_SHA256 = "input.sha256";
    public static final String TAPIS_URL = "tapis.url";
    public static final String SEQUENCE = "sequence";
    /** Non-identifying: where the input was read; the same content elsewhere resumes the same instance. */
    public static final String INPUT_FILE = "input.file";
    /** Non-identifying: the process that launched the execution, to tell a crashed run from a live one. */
    public static final String OWNER = "owner";

    private JobParameterNames() {
    }
}
