@testable import FarmSimulator
import NodeContract
import Testing
import UpgradePlan

/// Steps that find the agents settled only count their submissions (FarmModel+Agents): the farm must end exactly as
/// one whose steps walk every agent.
@Suite("FarmModel: settled steps")
struct FarmModelSettledStepTests {
    @Test("counting a settled step's submissions from the sorted phases equals summing every agent's")
    func settledCount() {
        let model = Fixtures.busyModel()
        let interval = model.submissionInterval
        var windows: [(Double, Double)] = []
        for start in [0, 0.5, 59, 59.999, 60, 119.25, 3599, 1_000_000.3, 1_234_567.89] {
            for length in [0.001, 1, 1.5, 29.9] { windows.append((start, start + length)) }
        }
        for index in 0..<600 {
            let start = Double(index) * 0.731 + Double(index * index % 97)
            windows.append((start, start + [1, 0.25, 7][index % 3]))
        }
        for (start, end) in windows {
            let walked = model.agents.reduce(0) {
                $0 + FarmModel.submissions(phase: $1.phase, from: start, to: end, interval: interval)
            }
            #expect(model.settledSubmissions(from: start, to: end) == walked, "window (\(start), \(end)]")
        }
        #expect(model.settledSubmissions(from: 0, to: interval / 2) == nil)
    }

    @Test("a split upgrade with faults ends the same whether settled steps only count or walk every agent")
    func sameFarm() {
        var counting = Fixtures.busyModel()
        var walking = Fixtures.busyModel()
        var settledSteps = 0
        /// Advances both models by whole seconds; `walking` never takes a step as settled.
        func advance(_ seconds: Int) {
            for _ in 0..<seconds {
                if counting.agentsSettled { settledSteps += 1 }
                counting.advance(by: 1)
                walking.agentsSettled = false
                walking.advance(by: 1)
            }
        }
        func both(_ change: (inout FarmModel) -> Void) {
            change(&counting)
            change(&walking)
        }
        advance(200)
        both { model in
            for node in model.nodeNames { model.run(.binariesStage(version: Fixtures.target), on: node, key: node) }
        }
        advance(120)
        both { $0.wizard(.dbLoad(version: Fixtures.target)) }
        both { $0.run(.cpsStop, on: "AE_1B", key: "cps") }
        advance(41)
        both { $0.run(.wpsStop(drain: true), on: "AE_1B", key: "wps") }
        advance(60)
        both { $0.run(.targetStart(version: Fixtures.target), on: "AE_1B", key: "target") }
        advance(121)
        both { $0.wizard(.switchOver) }
        advance(100)
        both { _ = $0.inject(Fault(kind: .partition, datacenters: ["DC1", "DC2"])) }
        advance(50)
        both { _ = $0.clearFaults() }
        both { _ = $0.inject(Fault(kind: .crash, process: "AE_1B/JCP1@\(Fixtures.target)")) }
        advance(300)

        #expect(settledSteps > 500)
        #expect(counting.stats.submitted > 1000)
        #expect(counting.stats == walking.stats)
        #expect(counting.agents == walking.agents)
        #expect(counting.nodes == walking.nodes)
        #expect(counting.jobCursor == walking.jobCursor)
        #expect(counting.report() == walking.report())
    }
}
