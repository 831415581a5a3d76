import Hummingbird
import NodeContract

/// The query of `GET /v1/operations`: the Idempotency-Key prefix and the state to keep, checked the same way on
/// both servers.
public struct OperationQuery: Sendable, Equatable {
    /// Operations whose key starts with this (empty: every operation).
    public var keyPrefix: String
    /// Only operations in this state; nil: any.
    public var state: OperationState?

    /// Creates a query.
    public init(keyPrefix: String = "", state: OperationState? = nil) {
        self.keyPrefix = keyPrefix
        self.state = state
    }

    /// The query of a request, or the 400 problem: a key prefix over 255 characters, an unknown state, or a
    /// parameter given twice.
    public static func parse(_ request: Request) -> Result<OperationQuery, Problem> {
        var query = OperationQuery()
        var seen: Set<Substring> = []
        for (name, value) in request.uri.queryParameters {
            guard seen.insert(name).inserted else {
                return .failure(Problem.badRequest("query parameter \"\(MessageText.cap(String(name)))\" given twice"))
            }
            switch String(name) {
            case OperationList.keyParameter:
                guard value.count <= OperationList.maxKeyLength else {
                    return .failure(Problem.badRequest(
                        "the key prefix has \(value.count) characters; an Idempotency-Key has at most "
                            + "\(OperationList.maxKeyLength)"))
                }
                query.keyPrefix = String(value)
            case OperationList.stateParameter:
                guard let state = OperationState(rawValue: String(value)) else {
                    return .failure(Problem.badRequest(
                        "state \"\(MessageText.cap(String(value)))\" is not running, succeeded or failed"))
                }
                query.state = state
            default:
                continue  // other parameters are ignored, as elsewhere in the contract
            }
        }
        return .success(query)
    }
}

/// Quoting a client's text in a problem: at most 80 characters.
enum MessageText {
    static func cap(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(80)) + "…"
    }
}
