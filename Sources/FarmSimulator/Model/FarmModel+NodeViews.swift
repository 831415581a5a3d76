/// What `GET /v1/node` of a node is made of, and how long passing time leaves it unchanged: the server shell uses
/// both to publish each node's answer once per change instead of building it per request (Server/NodeViews).
extension FarmModel {
    /// The inputs of `nodeState` for one node: equal keys give equal answers. Comparing two keys is cheap: arrays
    /// the model did not write since share their storage, and equal storage compares equal at once.
    struct NodeViewKey: Equatable {
        var processes: [[SimProcess]]
        var installedVersion: String
        var stagedVersion: String?
        /// The PWP when one of this node's processes holds it.
        var pwp: ProcessRef?
    }

    /// The key of node `index` now.
    func nodeViewKey(_ index: Int) -> NodeViewKey {
        let node = nodes[index]
        return NodeViewKey(
            processes: node.processes, installedVersion: node.installedVersion, stagedVersion: node.stagedVersion,
            pwp: pwp?.node == index ? pwp : nil)
    }

    /// The simulated time before which passing time alone changes no `nodeState`: node views change only by a
    /// command, a wizard step, a fault, or an event of `advance(to:)` (an operation completing, a takeover, a drain
    /// deadline). A drain also ends when the node's last base job does, which steps check as they go, so while a
    /// node drains this is `now`: every read then brings the model up to date first.
    var nodeViewsStableUntil: Double {
        if nodes.contains(where: { $0.drainDeadline != nil }) { return now }
        return nextEventTime() ?? .infinity
    }
}
