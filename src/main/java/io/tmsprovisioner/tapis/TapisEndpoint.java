package io.tmsprovisioner.tapis;

import okhttp3.Request;

import java.util.List;
import java.util.Locale;

/** Which Tapis call a request is, from its method and path: a name with no user, system or secret in it. */
public enum TapisEndpoint {
    TOKEN, GET_SYSTEM, CHECK_CREDENTIAL, CREATE_CREDENTIAL, REMOVE_CREDENTIAL, OTHER;

    /** The name in lower case, as metrics label it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TapisEndpoint of(Request request) {
        List<String> path = request.url().pathSegments();
        String method = request.method();
        if (path.equals(List.of("v3", "oauth2", "tokens"))) {
            return TOKEN;
        }
        boolean credential = path.size() >= 6 && path.subList(0, 3).equals(List.of("v3", "systems", "credential"))
                && path.get(4).equals("user");
        if (credential && path.size() == 7 && path.get(6).equals("check")) {
            return CHECK_CREDENTIAL;
        }
        if (credential && path.size() == 6) {
            return method.equals("DELETE") ? REMOVE_CREDENTIAL : method.equals("POST") ? CREATE_CREDENTIAL : OTHER;
        }
        return path.size() == 3 && path.subList(0, 2).equals(List.of("v3", "systems")) && method.equals("GET")
                ? GET_SYSTEM : OTHER;
    }
}
