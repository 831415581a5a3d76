/// The problem+json bodies every node endpoint (the simulator, aeupgrade-node) answers with, one per status.
extension Problem {
    /// 400: a malformed request.
    public static func badRequest(_ detail: String) -> Problem {
        Problem(type: "urn:aeupgrade:problem:bad-request", title: "Bad request", status: 400, detail: detail)
    }

    /// 401: missing or wrong bearer token.
    public static func unauthorized() -> Problem {
        Problem(
            type: "urn:aeupgrade:problem:unauthorized", title: "Unauthorized", status: 401,
            detail: "this node requires 'Authorization: Bearer <token>' with the configured token")
    }

    /// 404: no such path or operation.
    public static func notFound(_ detail: String) -> Problem {
        Problem(type: "urn:aeupgrade:problem:not-found", title: "Not found", status: 404, detail: detail)
    }

    /// 409: the state forbids the operation now.
    public static func conflict(_ detail: String) -> Problem {
        Problem(type: "urn:aeupgrade:problem:conflict", title: "Conflict with the current state", status: 409,
                detail: detail)
    }

    /// 422: invalid content.
    public static func unprocessable(_ detail: String) -> Problem {
        Problem(type: "urn:aeupgrade:problem:invalid", title: "Unprocessable request", status: 422, detail: detail)
    }

    /// 501: the endpoint has no way to perform the operation (e.g. its command is not configured).
    public static func notImplemented(_ detail: String) -> Problem {
        Problem(type: "urn:aeupgrade:problem:not-implemented", title: "Not implemented", status: 501,
                detail: detail)
    }

    /// 503: the endpoint cannot serve the request now.
    public static func unavailable(_ detail: String) -> Problem {
        Problem(type: "urn:aeupgrade:problem:unavailable", title: "Service unavailable", status: 503,
                detail: detail)
    }
}
