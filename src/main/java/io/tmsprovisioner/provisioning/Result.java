package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.provisioning.calls.RowCalls;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;

/** What a row came to, before the {@link Provisioner} records it with the row's line, attempts and time. */
record Result(Outcome outcome, Integer httpStatus, String tapisCode, String message) {
    /** The code of a check's 401 that names no reason. */
    private static final String VALID_FAIL = "SYSAPI_CRED_VALID_FAIL";

    static Result of(Outcome outcome, String message) {
        return new Result(outcome, null, null, message);
    }

    /** A check that could not tell whether what is stored works: nothing may be created or replaced on it. */
    static Result inconclusive(String systemId, CredentialCheck check) {
        String why = check.status() == CredentialCheck.Status.UNREACHABLE
                ? "a credential is stored, and Tapis could not reach the host of " + systemId + " to verify it"
                : "a credential is stored, and Tapis could not verify it";
        return verifyFailed(check, why + " (" + reason(check) + "): nothing can be concluded, so nothing was "
                + "changed; ");
    }

    static Result verifyFailed(CredentialCheck check, String context) {
        return verifyFailed(Outcome.FAILED, check, context);
    }

    static Result verifyFailed(Outcome outcome, CredentialCheck check, String context) {
        return new Result(outcome, 401, check.reasonCode() != null ? check.reasonCode() : VALID_FAIL,
                context + "HTTP 401: " + check.message());
    }

    /** A system whose definition shows that Tapis would refuse to create TMS keys on it. */
    static Result refusedBySystem(SystemInfo system, String context) {
        String code = system.tmsKeysRefusal();
        return new Result(Outcome.FAILED, null, code, context + RefusalAdvice.explain(code).orElse(code)
                + " (systemType " + system.systemType() + ", isDynamicEffectiveUser "
                + system.dynamicEffectiveUser() + "); no create was sent");
    }

    /**
     * A row of a system whose host this run gave up on: {@link RowOutcome#skipped}.
     *
     * @param context what an earlier attempt of the row had changed, or empty when nothing
     */
    static Result hostGivenUp(String systemId, String context) {
        String unreachable = "host unreachable in this run (Tapis could not reach the host of " + systemId + " "
                + SystemDirectory.UNREACHABLE_IN_A_ROW + " times in a row)";
        return new Result(Outcome.FAILED, null, RowOutcome.HOST_UNREACHABLE, context.isEmpty()
                ? "skipped: " + unreachable + "; nothing was sent or changed"
                : context + unreachable + ", so no new keys were sent");
    }

    static String reason(CredentialCheck check) {
        return check.reasonCode() != null ? check.reasonCode() : "Tapis named no reason";
    }

    /** A step whose call Tapis refused, or whose retries ran out. */
    static Result failed(RuntimeException failure, String context) {
        if (failure instanceof TapisRefusalException refusal) {
            String explained = RefusalAdvice.explain(refusal.code()).map(sentence -> sentence + "; ").orElse("");
            return new Result(Outcome.FAILED, refusal.httpStatus(), refusal.code(),
                    context + explained + "HTTP " + refusal.httpStatus() + ": " + refusal.tapisMessage());
        }
        RowCalls.RetriesExhaustedException exhausted = (RowCalls.RetriesExhaustedException) failure;
        int status = exhausted.last().httpStatus();
        return new Result(Outcome.FAILED, status == 0 ? null : status, null, context + "Tapis unavailable, "
                + exhausted.attempts() + " attempts: " + exhausted.last().getMessage());
    }
}
