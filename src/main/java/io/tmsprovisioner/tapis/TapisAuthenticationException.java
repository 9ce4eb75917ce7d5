package io.tmsprovisioner.tapis;

/**
 * The caller's own token was refused (plain-text {@code TAPIS_SECURITY_*} 401) and could not be
 * renewed, or logging in failed. Nothing more can be done in this run: the job stops, resumable.
 * The message never contains a token or password.
 */
public class TapisAuthenticationException extends RuntimeException {
    public TapisAuthenticationException(String message) {
        super(message);
    }
}
