package io.tmsprovisioner.tapis;

import java.util.Optional;

/** How the client authenticates: a ready JWT, or a username and password it exchanges for tokens. */
public sealed interface TapisCredentials {

    /** Whom Tapis knows the caller as, for the record of who ran an execution; never a secret. */
    Optional<String> login();

    /** A JWT given by the administrator ({@code TAPIS_TOKEN}); it cannot be renewed. */
    record Token(Secret jwt) implements TapisCredentials {
        /** The token's {@code tapis/username} or {@code sub} claim, if it can be read. */
        @Override
        public Optional<String> login() {
            return JwtText.subject(jwt.reveal());
        }
    }

    /** Username and password; the client logs in and renews its token when Tapis rejects it. */
    record Login(String username, Secret password) implements TapisCredentials {
        @Override
        public Optional<String> login() {
            return Optional.of(username);
        }
    }
}
