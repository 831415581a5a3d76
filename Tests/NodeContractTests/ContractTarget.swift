import Testing

/// The servers the contract suite runs against, one test argument each.
enum ContractTarget: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// FarmSimulator's `SimulatedFarm` of seed phase 1 with a manual clock.
    case simulator
    /// `aeupgrade-node` in-process over a fake `ucybsmcl` and a fake AE REST health endpoint.
    case node

    var testDescription: String { self == .simulator ? "simulator" : "aeupgrade-node" }

    /// Starts the server.
    func start() async throws -> any ContractServer {
        switch self {
        case .simulator: try await SimulatorContractServer.start()
        case .node: try await NodeAgentContractServer.start()
        }
    }

    /// Runs `body` against a freshly started server and stops the server afterwards, also when `body` throws.
    func run(_ body: (any ContractServer) async throws -> Void) async throws {
        let server = try await start()
        do { try await body(server) } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
