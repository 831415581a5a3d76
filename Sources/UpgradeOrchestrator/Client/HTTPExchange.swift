/// One HTTP request as the transport performs it.
public struct HTTPRequest: Sendable, Equatable {
    /// `GET` or `POST`.
    public var method: String
    /// Absolute URL.
    public var url: String
    /// Header lines, `Name: value`.
    public var headers: [String]
    /// Request body for POST.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String, url: String, headers: [String] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response.
public struct HTTPResponse: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Response body.
    public var body: [UInt8]
    /// Seconds from a `Retry-After` header, when the server sent one.
    public var retryAfterSeconds: Int?

    /// Creates a response.
    public init(status: Int, body: [UInt8], retryAfterSeconds: Int? = nil) {
        self.status = status
        self.body = body
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// A transport-level failure (no HTTP status): libcurl's code and message.
public struct TransportFailure: Error, Sendable, Equatable {
    /// The CURLcode.
    public var code: Int
    /// curl_easy_strerror of the code.
    public var message: String
}

/// TLS settings: a CA bundle to trust, and an optional client certificate and key (mTLS).
public struct TLSOptions: Sendable, Equatable {
    /// PEM file of the CA(s) that signed the nodes' certificates.
    public var caFile: String?
    /// PEM client certificate for mTLS.
    public var certFile: String?
    /// PEM private key of the client certificate.
    public var keyFile: String?

    /// Creates TLS options; all nil means the system's defaults.
    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }
}

/// A bearer token; its description never shows the secret.
public struct BearerToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret.
    let secret: String

    /// Wraps a secret (trailing whitespace and newlines trimmed).
    public init(_ secret: String) {
        var value = Substring(secret)
        while let last = value.last, last.isWhitespace { value = value.dropLast() }
        self.secret = String(value)
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
}
