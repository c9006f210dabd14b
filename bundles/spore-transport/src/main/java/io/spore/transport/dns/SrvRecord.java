package io.spore.transport.dns;

import java.util.Locale;
import java.util.Optional;

/**
 * One SRV record's data (RFC 2782): {@code priority weight port target}.
 *
 * @param priority lower first
 * @param weight   higher first among records of one priority
 * @param port     the node's UDP port
 * @param target   the node's host, lower case, without the root's dot
 */
record SrvRecord(int priority, int weight, int port, String target) {
    /**
     * @param text the record as JNDI gives it, {@code "10 60 7000 a.example.org."}
     * @return the record, or empty when the text is not one (a port of 0, a target of {@code .}, a name too long)
     */
    static Optional<SrvRecord> parse(String text) {
        if (text == null || text.length() > DnsSettings.MAX_NAME_LENGTH + 20) {
            return Optional.empty();
        }
        String[] words = text.trim().split(" +");
        if (words.length != 4) {
            return Optional.empty();
        }
        int priority = number(words[0]);
        int weight = number(words[1]);
        int port = number(words[2]);
        String target = hostName(words[3]);
        if (priority < 0 || weight < 0 || port < 1 || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SrvRecord(priority, weight, port, target));
    }

    /** @return {@code name} in lower case without the root's dot, the form names are compared in */
    static String hostName(String name) {
        String host = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return host.toLowerCase(Locale.ROOT);
    }

    private static int number(String word) {
        if (word.isEmpty() || word.length() > 5 || !word.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int value = Integer.parseInt(word);
        return value <= 65535 ? value : -1;
    }
}
