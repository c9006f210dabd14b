package io.spore.transport.dns;

import io.spore.api.SporeException;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Asks DNS through the JDK's JNDI DNS provider ({@code com.sun.jndi.dns.DnsContextFactory}, module
 * {@code jdk.naming.dns}), which needs no library and can be pointed at any server and port, unlike
 * {@link InetAddress}'s resolver. JNDI finds its factory through the thread's context class loader, which inside OSGi
 * is whatever the framework left there: each question runs with the system class loader as context loader, which
 * sees the JDK's modules, and restores the caller's afterwards.
 *
 * <p>Thread-safe: each question opens its own context (JNDI's DNS contexts are not thread-safe) and closes it.
 */
final class JndiDnsLookup implements DnsLookup {
    private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]{1,44}");

    private final Hashtable<String, String> environment = new Hashtable<>();
    private final String server;

    /**
     * @param server  the server, {@code host} or {@code host:port}; {@code null} for the system's
     * @param timeout how long to wait for one answer; JNDI tries once more with twice as long
     */
    JndiDnsLookup(String server, Duration timeout) {
        this.server = server == null ? "the system's DNS server" : "the DNS server " + server;
        environment.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
        environment.put(Context.PROVIDER_URL, server == null ? "dns:" : "dns://" + server);
        environment.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, timeout.toMillis())));
        environment.put("com.sun.jndi.dns.timeout.retries", "2");
    }

    @Override
    public List<SrvRecord> srv(String name) {
        List<SrvRecord> records = new ArrayList<>();
        for (String text : records(name, "SRV")) {
            SrvRecord.parse(text).ifPresent(records::add);
        }
        return records;
    }

    @Override
    public List<InetAddress> addresses(String host) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String type : new String[] {"A", "AAAA"}) {
            for (String text : records(host, type)) {
                literal(text).ifPresent(addresses::add);
            }
        }
        return addresses;
    }

    /**
     * Reads an A record's dotted quad or an AAAA record's text (which has colons, so the JDK reads it as a literal and
     * never looks it up); anything else is left out.
     */
    static Optional<InetAddress> literal(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                String[] parts = text.split("\\.");
                byte[] address = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return Optional.empty();
                    }
                    address[i] = (byte) part;
                }
                return Optional.of(InetAddress.getByAddress(address));
            }
            if (IPV6.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text));
            }
        } catch (UnknownHostException e) {
            // not an address: left out
        }
        return Optional.empty();
    }

    /** The texts of {@code name}'s records of {@code type}, at most {@link #MAX_RECORDS}. */
    private List<String> records(String name, String type) {
        if (name.length() > DnsSettings.MAX_NAME_LENGTH + 1) {
            return List.of();
        }
        return withSystemLoader(() -> {
            DirContext context = null;
            try {
                context = new InitialDirContext(environment);
                Attributes attributes = context.getAttributes(name, new String[] {type});
                Attribute attribute = attributes.get(type);
                List<String> texts = new ArrayList<>();
                if (attribute != null) {
                    NamingEnumeration<?> values = attribute.getAll();
                    while (values.hasMore() && texts.size() < MAX_RECORDS) {
                        Object value = values.next();
                        if (value instanceof String text) {
                            texts.add(text);
                        }
                    }
                }
                return texts;
            } catch (NameNotFoundException e) {
                return List.of();
            } catch (NamingException e) {
                throw new SporeException(SporeException.Reason.NODE_DOWN, server + " did not answer for the " + type
                    + " records of " + name + ": " + e.getMessage(), e);
            } finally {
                close(context);
            }
        });
    }

    private static <T> T withSystemLoader(Supplier<T> question) {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            return question.get();
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static void close(DirContext context) {
        if (context != null) {
            try {
                context.close();
            } catch (NamingException e) {
                // nothing was kept open that outlives the context
            }
        }
    }

    @Override
    public String toString() {
        return server;
    }
}
