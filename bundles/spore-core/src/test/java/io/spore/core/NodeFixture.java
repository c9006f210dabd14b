package io.spore.core;

import io.spore.api.NodeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a fresh two-worker node per test and closes it afterwards. */
abstract class NodeFixture {
    SporeNode node;

    @BeforeEach
    void startNode() {
        node = SporeNode.start(new NodeContext().nodeName(NodeName.parse("test@localhost")).workerThreads(2));
    }

    @AfterEach
    void stopNode() {
        node.close();
    }
}
