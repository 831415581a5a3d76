import Foundation
import Hummingbird
import NodeContract

/// Building responses of the node contract: JSON bodies and RFC 9457 problem+json errors (shared by the simulator
/// and `aeupgrade-node`).
public enum HTTPReply {
    /// A JSON response of an encodable value.
    public static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        json(data: encode(value), status: status, headers: headers)
    }

    /// Encodes a value as the contract's JSON (sorted keys, unescaped slashes).
    public static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// A JSON response of already encoded bytes.
    public static func json(data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = ContractHeader.json
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A problem+json response.
    public static func problem(_ problem: Problem, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(problem)) ?? Data()
        var fields = headers
        fields[.contentType] = ContractHeader.problemJSON
        return Response(
            status: HTTPResponse.Status(code: problem.status), headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An empty 204.
    public static func noContent() -> Response {
        Response(status: .noContent)
    }

    /// Reads a request body (up to `ServerLimits.maxBodyBytes`) as bytes; more throws `NIOTooManyBytesError`, which
    /// `LimitedResponder` answers with 413.
    public static func body(of request: Request) async throws -> Data {
        var request = request
        let buffer = try await request.collectBody(upTo: ServerLimits.standard.maxBodyBytes)
        return Data(buffer.readableBytesView)
    }

    /// Decodes an optional JSON body: empty is the default value; not JSON is 400; the wrong shape is 422.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, empty: T) -> Result<T, Problem> {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .success(empty) }
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            return .failure(Problem.badRequest("the request body is not JSON"))
        }
        do {
            return .success(try JSONDecoder().decode(type, from: data))
        } catch {
            return .failure(Problem.unprocessable("the JSON body does not have the expected fields: \(error)"))
        }
    }
}
