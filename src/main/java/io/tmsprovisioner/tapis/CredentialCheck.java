package io.tmsprovisioner.tapis;

/**
 * What {@code checkUserCredential} said about a user's credential on a system.
 *
 * @param message Tapis's message, with its code first
 */
public record CredentialCheck(Status status, String message) {

    public enum Status {
        /** 200: stored, and it works on the host. */
        VALID,
        /** JSON 401 {@code SYSAPI_CRED_VALID_FAIL} naming {@code SYSLIB_CRED_NOT_FOUND}: nothing is stored. */
        MISSING,
        /**
         * Any other JSON 401 {@code SYSAPI_CRED_VALID_FAIL}: something is stored but does not work on the host
         * (for TMS keys, a host whose sshd is not set up for TMS).
         */
        INVALID
    }

    public boolean isValid() {
        return status == Status.VALID;
    }
}
