package io.tmsprovisioner.tapis;

import java.util.Locale;

/** Which Tapis call a request is: a name with no user, system or secret in it, and what the call can change. */
public enum TapisEndpoint {
    TOKEN(CallKind.LOGIN),
    GET_SYSTEM(CallKind.READ),
    /** {@code getSystems} filtered on the credentials registered for one user (the credential listing). */
    LIST_SYSTEMS(CallKind.READ),
    CHECK_CREDENTIAL(CallKind.READ),
    CREATE_CREDENTIAL(CallKind.WRITE),
    REMOVE_CREDENTIAL(CallKind.WRITE);

    private final CallKind kind;

    TapisEndpoint(CallKind kind) {
        this.kind = kind;
    }

    /** The name in lower case, as metrics label it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    CallKind kind() {
        return kind;
    }
}
