package io.tmsprovisioner.simulator;

import java.util.Objects;

/**
 * Who a call is from, as the JWT says: a user of the tenant. A user's JWT acts for that same user, so Tapis's
 * jwtTenant/OboTenant are both {@code tenant} and jwtUser/OboUser both {@code user}.
 */
record Caller(String tenant, String user) {

    Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(user, "user");
    }

    /** A Systems text, with the caller in front of {@code args} as Tapis's {@code getMsgAuth} puts it. */
    String message(String key, Object... args) {
        Object[] all = new Object[args.length + 4];
        all[0] = tenant;
        all[1] = user;
        all[2] = tenant;
        all[3] = user;
        System.arraycopy(args, 0, all, 4, args.length);
        return TapisMessages.fill(key, all);
    }
}
