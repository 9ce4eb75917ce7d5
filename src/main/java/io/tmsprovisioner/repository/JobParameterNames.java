package io.tmsprovisioner.repository;


/**
 * The provisioning job's parameters. Identifying: the default action, the input's SHA-256, the Tapis
 * URL, the mode (a dry run is never confused with a real run of the same file) and a sequence number
 * (a completed instance is followed by a fresh one). Never a secret: job parameters are stored in
 * plain text.
 */
public final class JobParameterNames {
    /** The provisioning job's name, under which the repository records its instances. */
    public static final String JOB_NAME = "provisioning";
    public static final String ACTION = "action";
    public static final String INPUT_SHA256 = "input.sha256";
    public static final String TAPIS_URL = "tapis.url";
    public static final String SEQUENCE = "sequence";
    /** {@link #APPLY} or {@link #DRY_RUN}. */
    public static final String MODE = "mode";
    public static final String APPLY = "apply";
    public static final String DRY_RUN = "dry-run";
    /** Non-identifying: data rows in the input, for progress reports. */
    public static final String INPUT_ROWS = "input.rows";
    /** Non-identifying: where the input was read; the same content elsewhere resumes the same instance. */
    public static final String INPUT_FILE = "input.file";
    /** Non-identifying: the process that launched the execution, to tell a crashed run from a live one. */
    public static final String OWNER = "owner";
    /**
     * Non-identifying: "true" when a row of the content removes or resets a credential, "false" when it only
     * establishes. An execution recorded without it (by an earlier version) is taken for destructive.
     */
    public static final String INPUT_DESTRUCTIVE = "input.destructive";
    /**
     * Non-identifying: the roster the input is (its path, or the name {@code --roster} gave), by which a later
     * {@code --sync} of it finds the credentials this execution created.
     */
    public static final String ROSTER = "roster";
    /**
     * Non-identifying: "true" when the execution removes the pairs that earlier runs of the roster created and the
     * input no longer lists (see {@code DepartedPairs}). Whether a run syncs does not make it another job: the
     * pairs it removes are fixed at the instance's first execution that syncs.
     */
    public static final String SYNC = "sync";
    /**
     * Non-identifying, only on the first execution of an instance that took the place of unfinished runs of the
     * file's earlier content: their executions, comma-separated, which its start marked ABANDONED.
     */
    public static final String SUPERSEDES = "supersedes";
    /**
     * Non-identifying: the operating system user that launched the execution ({@code user.name}), for
     * {@code history} to say who ran it.
     */
    public static final String OS_USER = "os.user";
    /**
     * Non-identifying: whom Tapis knew the caller as ({@code TAPIS_USERNAME}, or the token's {@code tapis/username}
     * or {@code sub} claim), for {@code history}; absent when the token named no one. Never the token itself.
     */
    public static final String TAPIS_LOGIN = "tapis.login";

    private JobParameterNames() {
    }
}
