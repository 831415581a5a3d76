import NodeTestSupport

/// `aeupgrade-node` under the contract suite: a `FakeNode` whose `binariesStage` command waits for a `release` file
/// before it stages, so the operation runs until the test releases it; the test plays the wizard on its phase file.
struct NodeAgentContractServer: ContractServer {
    let fake: FakeNode
    let agent: FakeNodeAgent
    var base: String { agent.url }
    var token: String { fake.token }

    /// Starts the agent in-process on a free loopback port.
    static func start() async throws -> NodeAgentContractServer {
        let fake = try FakeNode()
        try fake.write("stage.sh", FakeNode.stageScript, executable: true)
        try fake.write("held-stage.sh", """
            #!/bin/sh
            while [ ! -e "\(fake.path("release"))" ]; do sleep 0.05; done
            exec "\(fake.path("stage.sh"))" "$@"
            """, executable: true)
        let agent = try await fake.startAgent(FakeNodeOptions(
            commands: ["binariesStage": [fake.path("held-stage.sh"), fake.path("root"), "{version}"]], timeout: 60))
        return NodeAgentContractServer(fake: fake, agent: agent)
    }

    /// Releases the stage command; the other operations end by themselves.
    func finishRunningOperations() async throws {
        try fake.write("release", "")
    }

    /// The phase file `zdu.phaseCommand` prints now says compatibility mode for `target`.
    func performDBLoad(target: String) async throws {
        try fake.setPhase("compatibility \(target)")
    }

    /// Stops the agent; releases a stage command still waiting so no script outlives the test.
    func stop() async {
        try? fake.write("release", "")
        await agent.stop()
    }
}
