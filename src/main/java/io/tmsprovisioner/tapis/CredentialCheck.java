package io.tmsprovisioner.tapis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Tapis's verify step said about a user's credential on a system: the answer of
 * {@code checkUserCredential}, or of {@code createUserCredential}, which runs the same step on the keys
 * it has just stored. A check connects to the system's host, so its {@code 401} carries the reason the
 * verify step gave (see {@code docs/tapis-api.md}, "checkUserCredential").
 *
 * @param reasonCode the verify step's {@code SYSLIB_CRED_*} code; null for a success or when Tapis named none
 * @param message    Tapis's message, with its code first
 */
public record CredentialCheck(Status status, String reasonCode, String message) {

    private static final Pattern REASON = Pattern.compile("SYSLIB_CRED_[A-Z_]+");

    public enum Status {
        /** 200 (201 after a create): stored, and it works on the host. */
        VALID,
        /** {@code SYSLIB_CRED_NOT_FOUND}: nothing is stored (the verify step does not connect). */
        MISSING,
        /** {@code SYSLIB_CRED_VALID_FAIL}: stored, and the host was reached and refused it. */
        INVALID,
        /** {@code SYSLIB_CRED_CONN_FAIL}: the host could not be reached; a credential may well be stored and valid. */
        UNREACHABLE,
        /** Any other reason, or none: nothing can be concluded about what is stored. */
        UNDETERMINED;

        /** Whether the answer tells what is stored; only then may a credential be created or replaced. */
        public boolean isConclusive() {
            return this != UNREACHABLE && this != UNDETERMINED;
        }
    }

    public static CredentialCheck valid(String message) {
        return new CredentialCheck(Status.VALID, null, message);
    }

    /** The {@code SYSAPI_CRED_VALID_FAIL} answer, read by the reason its message names. */
    public static CredentialCheck failed(String message) {
        Matcher reason = REASON.matcher(message);
        String code = reason.find() ? reason.group() : null;
        Status status = code == null ? Status.UNDETERMINED : switch (code) {
            case "SYSLIB_CRED_NOT_FOUND" -> Status.MISSING;
            case "SYSLIB_CRED_VALID_FAIL" -> Status.INVALID;
            case "SYSLIB_CRED_CONN_FAIL" -> Status.UNREACHABLE;
            default -> Status.UNDETERMINED;
        };
        return new CredentialCheck(status, code, message);
    }

    public boolean isValid() {
        return status == Status.VALID;
    }
}
