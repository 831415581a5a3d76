/// Jobs: started jobs run `options.jobSeconds` on the WPs of nodes that accept work (weighted by running WPs);
/// they complete, or are lost when their WPs stop without a drain.
extension FarmModel {
    /// Spreads `count` new jobs over the accepting nodes, weighted by their running WPs.
    mutating func startJobs(_ count: Int, endsAt: Double) {
        guard count > 0 else { return }
        let accepting = nodes.indices.filter { nodes[$0].acceptingWPs > 0 }
        guard !accepting.isEmpty else { return }
        stats.started += count
        let weights = accepting.map { nodes[$0].acceptingWPs }
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
        for (slot, node) in accepting.enumerated() where shares[slot] > 0 {
            addBatch(JobBatch(endsAt: endsAt, count: shares[slot]), to: node)
        }
    }

    /// Adds jobs to a node, merging with its newest batch when they end together.
    mutating func addBatch(_ batch: JobBatch, to node: Int) {
        if let last = nodes[node].inFlight.last, last.endsAt == batch.endsAt {
            nodes[node].inFlight[nodes[node].inFlight.count - 1].count += batch.count
        } else {
            nodes[node].inFlight.append(batch)
            nodes[node].inFlight.sort { $0.endsAt < $1.endsAt }
        }
    }

    /// Counts the jobs whose time is up as completed.
    mutating func completeJobs() {
        for index in nodes.indices {
            while let first = nodes[index].inFlight.first, first.endsAt <= now {
                stats.completed += first.count
                nodes[index].inFlight.removeFirst()
            }
        }
    }

    /// Loses a node's running jobs (its WPs stopped without draining).
    mutating func loseJobs(of node: Int) {
        stats.lost += nodes[node].jobsInFlight
        nodes[node].inFlight = []
    }

    /// Loses the share of a node's running jobs held by one WP out of `runningWPs`.
    mutating func loseShare(of node: Int, runningWPs: Int) {
        guard runningWPs > 1 else { return loseJobs(of: node) }
        for batch in nodes[node].inFlight.indices {
            let lost = nodes[node].inFlight[batch].count / runningWPs
            nodes[node].inFlight[batch].count -= lost
            stats.lost += lost
        }
        nodes[node].inFlight.removeAll { $0.count == 0 }
    }

    /// Moves a node's running jobs to the accepting nodes (ZDU finalize hands base tasks to target processes);
    /// loses them when no node accepts work.
    mutating func handOverJobs(of node: Int) {
        let batches = nodes[node].inFlight
        nodes[node].inFlight = []
        guard let receiver = nodes.indices.first(where: { $0 != node && nodes[$0].acceptingWPs > 0 }) else {
            stats.lost += batches.reduce(0) { $0 + $1.count }
            return
        }
        for batch in batches { addBatch(batch, to: receiver) }
    }
}
