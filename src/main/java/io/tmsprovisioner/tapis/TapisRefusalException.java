package io.tmsprovisioner.tapis;

/**
 * Tapis answered, and refused the call for this row: the row fails, the job goes on.
 *
 * @param httpStatus the HTTP status of the answer
 * @param code       the first word of Tapis's message (e.g. {@code SYSAPI_NOSYSTEM}); may be null
 * @param tapisMessage the whole message text from Tapis
 */
public class TapisRefusalException extends RuntimeException {
    private final int httpStatus;
    private final String code;
    private final String tapisMessage;

    public TapisRefusalException(int httpStatus, String code, String tapisMessage) {
        super("HTTP " + httpStatus + (code == null ? "" : " " + code) + ": " + tapisMessage);
        this.httpStatus = httpStatus;
        this.code = code;
        this.tapisMessage = tapisMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public String tapisMessage() {
        return tapisMessage;
    }
}
