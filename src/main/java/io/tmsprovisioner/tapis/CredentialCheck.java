package io.tmsprovisioner.tapis;

/**
 * What Tapis said about a user's credential on a system, in answer to {@code checkUserCredential}. A check
 * of a stored credential connects to the system's host; a check that finds nothing stored does not (see
 * {@code docs/tapis-api.md}, "checkUserCredential").
 *
 * @param reasonCode the {@code SYSLIB_CRED_*} code the answer names; null for a success or when Tapis named none
 * @param message    Tapis's message, with its code first
 */
public record CredentialCheck(Status status, String reasonCode, String message) {

    public enum Status {
        /** 200: stored, and it works on the host. */
        VALID,
        /** 401 {@code SYSLIB_CRED_NOT_FOUND}: nothing is stored; Tapis did not connect to the host. */
        MISSING,
        /** {@code SYSLIB_CRED_VALID_FAIL}: stored, and the host was reached and refused it. */
        INVALID,
        /** {@code SYSLIB_CRED_CONN_FAIL}: stored, and the host could not be reached; the credential may well work. */
        UNREACHABLE,
        /** Any other reason, or none: something is stored, and nothing can be concluded about it. */
        UNDETERMINED;

        /** Whether the answer tells whether what is stored works; only then may a credential be created or replaced. */
        public boolean isConclusive() {
            return this != UNREACHABLE && this != UNDETERMINED;
        }

        /** Whether Tapis's verify step reached the host (it worked, or the host refused the credential). */
        public boolean reachedHost() {
            return this == VALID || this == INVALID;
        }
    }

    public boolean isValid() {
        return status == Status.VALID;
    }
}
