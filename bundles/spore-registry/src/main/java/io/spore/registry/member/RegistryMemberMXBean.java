package io.spore.registry.member;

/**
 * {@code io.spore:type=RegistryMember,member=N}: one registry member's view of the cluster and of the registry's
 * state, for an administrator. An MXBean of open types only (numbers, strings, string arrays), so JConsole or any JMX
 * client shows it without Spore's classes. Every attribute is read from values the member publishes as it works;
 * reading never waits for the cluster.
 */
public interface RegistryMemberMXBean {
    /** @return this member's id, its index in {@link #getMembers()} */
    int getMemberId();

    /** @return {@code leader}, {@code follower} or {@code candidate} */
    String getRole();

    /** @return the leader's member id as of the latest leadership term this member applied; -1 before one */
    int getLeaderMemberId();

    /** @return the latest leadership term id this member applied (it grows at every election); -1 before one */
    long getLeadershipTermId();

    /** @return the log position a majority of members has stored: everything before it is committed */
    long getCommitPosition();

    /** @return every member, {@code id=host:port} (the nodes' port), in member-id order */
    String[] getMembers();

    /** @return the cluster sessions open now: joined nodes and connections that have not joined yet */
    int getSessions();

    /** @return the joined nodes' names, in the order they joined */
    String[] getNodes();

    /** @return how many nodes are joined */
    int getNodeCount();

    /** @return how many global names are held */
    int getGlobalNames();

    /** @return how many process groups have members */
    int getGroups();

    /** @return how many changes the registry's state has applied (the version every event carries) */
    long getStateVersion();
}
