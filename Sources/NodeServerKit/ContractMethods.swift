import Hummingbird
import NodeContract

/// The methods each path of the node contract has: GET for state and operations, POST for commands.
enum ContractMethods {
    /// The paths answered to GET (besides `GET /v1/operations/{id}`).
    static let getPaths: Set<String> = [ContractPath.node, ContractPath.system, ContractPath.operationList]
    /// The paths answered to POST.
    static let postPaths: Set<String> = [
        ContractPath.binariesStage, ContractPath.cpsStop, ContractPath.wpsStop, ContractPath.targetStart,
        ContractPath.targetStop, ContractPath.processesStart,
    ]

    /// The methods `path` has, nil for a path outside the contract.
    static func allowed(_ path: String) -> [HTTPRequest.Method]? {
        if path == ContractPath.fence { return [.get, .post] }
        if path == ContractPath.fenceRelease { return [.post] }
        if getPaths.contains(path) || path.hasPrefix(ContractPath.operations) { return [.get] }
        if postPaths.contains(path) || path.hasPrefix(ContractPath.wizardPrefix) { return [.post] }
        return nil
    }

    /// 405 with `Allow` for a method the path does not have, and for any method but GET and POST anywhere (TRACE);
    /// nil when the request may be routed (an unknown path with GET or POST is the endpoint's 404).
    static func refusal(_ request: Request) -> Response? {
        let path = request.uri.path
        let allowed = allowed(path) ?? [.get, .post]
        guard !allowed.contains(request.method) else { return nil }
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        return HTTPReply.problem(
            Problem(
                title: "Method Not Allowed", status: 405,
                detail: "\(request.method) \(path) is not in the node contract; this path allows \(names)"),
            headers: [.allow: names])
    }
}
