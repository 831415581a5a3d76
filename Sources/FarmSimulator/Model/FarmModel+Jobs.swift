/// Jobs: started jobs run `options.jobSeconds` on the running WPs of the serving set (base before the switch, target
/// from it on, ASSUMED-2), spread over nodes by running WPs; they complete, or are lost when their WPs stop without
/// a drain or crash. Jobs started on base WPs stay there until they end (AE-ZDU-8).
extension FarmModel {
    /// Spreads `count` new jobs over the nodes whose serving-set WPs run, weighted by those WPs.
    mutating func startJobs(_ count: Int, endsAt: Double) {
        guard count > 0 else { return }
        let set = servingSet
        let accepting = servingWPs.indices.filter { servingWPs[$0] > 0 }
        guard !accepting.isEmpty else { return }
        stats.started += count
        let weights = accepting.map { servingWPs[$0] }
        let total = weights.reduce(0, +)
        var shares = weights.map { count * $0 / total }
        var remainder = count - shares.reduce(0, +)
        var position = jobCursor % accepting.count
        while remainder > 0 {
            shares[position] += 1
            remainder -= 1
            position = (position + 1) % accepting.count
        }
        jobCursor = position
        for (place, node) in accepting.enumerated() where shares[place] > 0 {
            addBatch(JobBatch(endsAt: endsAt, count: shares[place]), to: node, set: set)
        }
    }

    /// Adds jobs to a node's set, merging with its newest batch when they end together; batches stay ordered by end,
    /// a new one after those ending at the same time.
    mutating func addBatch(_ batch: JobBatch, to node: Int, set: ProcessSet) {
        let slot = set.rawValue
        if let last = nodes[node].jobs[slot].last, last.endsAt == batch.endsAt {
            nodes[node].jobs[slot][nodes[node].jobs[slot].count - 1].count += batch.count
        } else {
            var position = nodes[node].jobs[slot].endIndex
            while position > 0 && nodes[node].jobs[slot][position - 1].endsAt > batch.endsAt { position -= 1 }
            nodes[node].jobs[slot].insert(batch, at: position)
        }
    }

    /// Counts the jobs whose time is up as completed.
    mutating func completeJobs() {
        for index in nodes.indices {
            for slot in 0..<2 {
                while let first = nodes[index].jobs[slot].first, first.endsAt <= now {
                    stats.completed += first.count
                    nodes[index].jobs[slot].removeFirst()
                }
            }
        }
    }

    /// Loses the jobs running on a node's set (its WPs stopped without draining).
    mutating func loseJobs(of node: Int, _ set: ProcessSet) {
        stats.lost += nodes[node].jobsInFlight(set)
        nodes[node].jobs[set.rawValue] = []
    }

    /// Loses the share of a node's set's jobs held by one WP out of `upWPs`.
    mutating func loseShare(of node: Int, _ set: ProcessSet, upWPs: Int) {
        guard upWPs > 1 else { return loseJobs(of: node, set) }
        let slot = set.rawValue
        for batch in nodes[node].jobs[slot].indices {
            let lost = nodes[node].jobs[slot][batch].count / upWPs
            nodes[node].jobs[slot][batch].count -= lost
            stats.lost += lost
        }
        nodes[node].jobs[slot].removeAll { $0.count == 0 }
    }

    /// Jobs still running on base WPs anywhere (finalize waits for them, AE-ZDU-8).
    var baseJobsRunning: Int {
        nodes.reduce(0) { $0 + $1.jobsInFlight(.base) }
    }
}
