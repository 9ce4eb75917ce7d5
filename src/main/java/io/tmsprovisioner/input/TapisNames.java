package io.tmsprovisioner.input;

/**
 * The characters of Tapis user names and system ids: ASCII letters, digits and a little punctuation,
 * since names travel in URL paths. One definition, because a report fed back to {@code run} must
 * leave alone exactly the names the validator accepts.
 */
public final class TapisNames {
    /** Punctuation a user name may hold; it may also start with {@code -} or {@code @}. */
    static final String USER_NAME_PUNCTUATION = "._-@";
    /** Punctuation a system id may hold. */
    static final String SYSTEM_ID_PUNCTUATION = "._-";

    private TapisNames() {
    }

    /** Whether every character of {@code text} may appear in a user name (the empty text included). */
    public static boolean userNameCharactersOnly(String text) {
        return text.chars().allMatch(c -> allowed(c, USER_NAME_PUNCTUATION));
    }

    /** Whether {@code c} is an ASCII letter or digit, or one of {@code punctuation}. */
    static boolean allowed(int c, String punctuation) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || punctuation.indexOf(c) >= 0;
    }
}
