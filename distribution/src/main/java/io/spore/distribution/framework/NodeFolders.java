package io.spore.distribution.framework;

import io.spore.api.NodeName;
import io.spore.api.host.PrivateFolders;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where a node keeps its folders when it is not told: in the user's Spore home {@code ~/.spore} (the folder of the
 * default cookie, {@code ~} being the JVM's {@code user.home}), {@code nodes/NAME@HOST/deploy} for the bundles it
 * runs, {@code nodes/NAME@HOST/state} for what it keeps across restarts, {@code nodes/NAME@HOST/node.log} for what
 * a detached node says and {@code nodes/NAME@HOST/identity.p12} for the key and certificate
 * {@code spore identity create} makes it. The node's full name is the folder's name as it is: a valid {@link NodeName} holds only
 * letters, digits, {@code _ - . @}, is never {@code .} or {@code ..} and has no {@code /}. Two nodes of one user never
 * share a folder, and no folder of another user or of the working directory is ever taken by default.
 *
 * <p>{@link #prepare(Path, String)} makes a folder ready: created with mode 0700 (the missing folders above it, such
 * as {@code ~/.spore} and {@code ~/.spore/nodes}, too), or refused when another user owns it or can write it
 * ({@link PrivateFolders}).
 */
public final class NodeFolders {
    /** The Spore home's folder in the user's home. */
    public static final String SPORE_HOME = ".spore";
    /** The folder of the nodes' folders in the Spore home. */
    public static final String NODES = "nodes";
    /** A node's deploy folder in its folder. */
    public static final String DEPLOY = "deploy";
    /** A node's state folder in its folder. */
    public static final String STATE = "state";
    /** A detached node's log file in its folder, when it is given none. */
    public static final String LOG = "node.log";
    /** A node's identity keystore in its folder, when {@code spore identity create} is given none. */
    public static final String IDENTITY = "identity.p12";
    /** The longest folder name most file systems take. */
    private static final int MAX_NAME_BYTES = 255;

    private NodeFolders() {
    }

    /** @return {@code ~/.spore} of the user running this JVM ({@code user.home}) */
    public static Path sporeHome() {
        return Path.of(System.getProperty("user.home"), SPORE_HOME);
    }

    /**
     * @param sporeHome the Spore home, {@code ~/.spore}
     * @param name      the node's name
     * @return {@code nodes/NAME@HOST} in {@code sporeHome}
     * @throws ActionableException when the name is too long for a folder name
     */
    public static Path nodeDir(Path sporeHome, NodeName name) {
        String folder = name.toString();
        if (folder.length() > MAX_NAME_BYTES) { // ASCII only, so characters are bytes
            throw new ActionableException("node name " + folder + " is too long for a folder name (" + folder.length()
                + " characters, at most " + MAX_NAME_BYTES + "): give --deploy and --state-dir, or a shorter host");
        }
        return sporeHome.resolve(NODES).resolve(folder);
    }

    /**
     * @param name the node's name
     * @return {@code ~/.spore/nodes/NAME@HOST/deploy}
     */
    public static Path defaultDeployDir(NodeName name) {
        return nodeDir(sporeHome(), name).resolve(DEPLOY);
    }

    /**
     * @param name the node's name
     * @return {@code ~/.spore/nodes/NAME@HOST/state}
     */
    public static Path defaultStateDir(NodeName name) {
        return nodeDir(sporeHome(), name).resolve(STATE);
    }

    /**
     * @param name the node's name
     * @return {@code ~/.spore/nodes/NAME@HOST/node.log}, where a detached node writes what it says
     */
    public static Path defaultLogFile(NodeName name) {
        return nodeDir(sporeHome(), name).resolve(LOG);
    }

    /**
     * @param name the node's name
     * @return {@code ~/.spore/nodes/NAME@HOST/identity.p12}, where {@code spore identity create} puts its keystore
     */
    public static Path defaultIdentityKeystore(NodeName name) {
        return nodeDir(sporeHome(), name).resolve(IDENTITY);
    }

    /**
     * Creates the folder with mode 0700 when it is missing (the missing folders above it too) and checks that it is
     * the node's user's alone, before anything in it is installed or read.
     *
     * @param dir  the folder, absolute
     * @param what what it is, for the message ("deploy folder")
     * @return {@code dir}
     * @throws ActionableException in one line naming the folder and the fix, when it cannot be created, another user
     *                             owns it or a folder above it, or group or others can write it
     */
    public static Path prepare(Path dir, String what) {
        try {
            return PrivateFolders.createPrivate(dir, what);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ActionableException(e.getMessage(), e);
        }
    }

    /**
     * Checks the folder as {@link #prepare(Path, String)} does, creating nothing: an existing folder itself, a missing
     * one the folders it would be created in. Lets a node check all its folders before it creates any.
     *
     * @param dir  the folder, absolute
     * @param what what it is, for the message ("deploy folder")
     * @throws ActionableException as {@link #prepare(Path, String)}
     */
    public static void check(Path dir, String what) {
        try {
            PrivateFolders.check(dir, what);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ActionableException(e.getMessage(), e);
        }
    }
}
