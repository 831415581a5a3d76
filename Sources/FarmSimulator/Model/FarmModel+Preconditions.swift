import NodeContract

/// When a node command may start (else 409/422 naming the fact), and when its postcondition already holds.
extension FarmModel {
    /// KB 84928: in compatibility mode a stopped base process cannot be started again (docs/ae-model.md AE-ZDU-6).
    static let kb84928 =
        "https://knowledge.broadcom.com/external/article/84928/two-additional-hints-were-added-to-the-z.html"

    /// Whether the command's postcondition holds already (the operation then succeeds at once, changing nothing).
    func alreadyHolds(_ command: Command, node: Int) -> Bool {
        let simNode = nodes[node]
        switch command {
        case .binariesStage(let version): return simNode.stagedVersion == version
        case .cpsStop: return !simNode.anyUp(.base, where: \.isCommunication)
        case .wpsStop: return !simNode.anyUp(.base) { !$0.isCommunication }
        case .targetStart(let version):
            let target = simNode.processes[ProcessSet.target.rawValue]
            return !target.isEmpty && target.allSatisfy { $0.state == .running && $0.version == version }
        case .targetStop: return !simNode.anyUp(.target)
        case .processesStart: return simNode.allRunning(.base)
        case .wizard: return false
        }
    }

    /// 409/422 when the state forbids the command now; nil when it may start.
    func precondition(_ command: Command, node: Int) -> Problem? {
        if alreadyHolds(command, node: node) { return nil }
        let simNode = nodes[node]
        switch command {
        case .cpsStop, .wpsStop:
            return nil
        case .wizard(let step):
            return scriptedWizardRefusal(step, node: node)
        case .binariesStage(let version):
            if let running = simNode.processes[1].first(where: \.isUp), running.version != version {
                return Problem.conflict("target processes of \(simNode.name) run from the staged \(running.version); "
                    + "stop them (target/stop) before staging \(version)")
            }
            return nil
        case .targetStart(let version):
            return targetStartProblem(version, node: node)
        case .targetStop:
            if zdu.phase == .switched || zdu.phase == .finalized {
                return Problem.conflict("ZDU is \(zdu.phase.rawValue): after the switch (wizard step 4) the target "
                    + "processes of \(simNode.name) carry the system; use the wizard's rollback instead of "
                    + "target/stop (docs/ae-model.md AE-ZDU-4, AE-ZDU-7)")
            }
            return nil
        case .processesStart:
            guard zdu.phase != .off else { return nil }
            return Problem.conflict("ZDU is \(zdu.phase.rawValue): a base process of \(simNode.name) that stopped "
                + "cannot be started again while ZDU is on (docs/ae-model.md AE-ZDU-6, KB 84928 \(Self.kb84928)); "
                + "start the node's target processes instead (target/start)")
        }
    }

    /// Why `target/start {version}` cannot start on a node: ZDU off, another target, not staged, or base processes
    /// still running (split installation, AE-ZDU-9).
    func targetStartProblem(_ version: String, node: Int) -> Problem? {
        let simNode = nodes[node]
        if zdu.phase == .off {
            return Problem.conflict("ZDU is off: target processes start only in compatibility mode or later; the "
                + "operator runs the wizard's DB load (step 2) first (docs/ae-model.md AE-ZDU-2, AE-ZDU-3)")
        }
        if zdu.target != version {
            return Problem.conflict("the ZDU target is \(zdu.target ?? "-"), not \(version); start \(version) "
                + "only as the wizard's target")
        }
        if simNode.stagedVersion != version {
            return Problem.conflict("\(version) is not staged on \(simNode.name) (staged: "
                + "\(simNode.stagedVersion ?? "nothing")); POST binaries/stage first (AE-ZDU-9)")
        }
        let running = simNode.processes[0].indices.filter { simNode.processes[0][$0].isUp }
        if !running.isEmpty {
            let names = running.prefix(4).map { simNode.processID(.base, $0) }.joined(separator: ", ")
            return Problem.conflict("base processes of \(simNode.name) still run (\(names)); a split installation "
                + "starts the target processes after the node's base processes stopped: cps/stop and wps/stop first "
                + "(docs/ae-model.md AE-ZDU-9)")
        }
        return nil
    }
}
