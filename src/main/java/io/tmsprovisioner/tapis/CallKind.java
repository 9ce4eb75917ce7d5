package io.tmsprovisioner.tapis;

/** What a request can do to Tapis's state; decides how a transient failure of it is classified. */
enum CallKind {
    /** {@code getSystem}, the credential listing and the credential check: change nothing. */
    READ,
    /** Create or remove a credential. */
    WRITE,
    /** The token endpoint: creates a token nobody else depends on, so it is safe to repeat. */
    LOGIN
}
