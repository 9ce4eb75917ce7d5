package io.tmsprovisioner.tapis;

/** How the client authenticates: a ready JWT, or a username and password it exchanges for tokens. */
public sealed interface TapisCredentials {

    /** A JWT given by the administrator ({@code TAPIS_TOKEN}); it cannot be renewed. */
    record Token(Secret jwt) implements TapisCredentials {
    }

    /** Username and password; the client logs in and renews its token when Tapis rejects it. */
    record Login(String username, Secret password) implements TapisCredentials {
    }
}
