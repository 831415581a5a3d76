/// The canonical JSON form of the model: the field names of the model types, every field written (absent values as
/// `null`), gates as `"none"`, `{"soak": seconds}` or `{"approval": true}`.
///
/// This form is what plan files contain and what `TopologyHash` hashes; `PlanFile.decode` reads it back.
public enum CanonicalJSON {
    /// A topology as JSON.
    public static func value(_ topology: Topology) -> JSONValue {
        .object([
            "system": .string(topology.system),
            "versions": .object(["base": .string(topology.versions.base), "target": .string(topology.versions.target)]),
            "datacenters": .array(topology.datacenters.map(JSONValue.string)),
            "netAreas": .array(topology.netAreas.map { netArea in
                var fields: [String: JSONValue] = [
                    "name": .string(netArea.name), "datacenter": .string(netArea.datacenter),
                ]
                if let mechanism = netArea.fallbackMechanism, !netArea.fallback.isEmpty {
                    fields["fallback"] = .object([
                        "netAreas": .array(netArea.fallback.map(JSONValue.string)),
                        "mechanism": .string(mechanism.rawValue),
                    ])
                }
                return .object(fields)
            }),
            "nodes": .array(topology.nodes.map { node in
                .object([
                    "name": .string(node.name), "datacenter": .string(node.datacenter),
                    "endpoint": .string(node.endpoint), "wps": .int(node.wps), "cps": .int(node.cps),
                    "jwps": .int(node.jwps), "jcps": .int(node.jcps), "rest": .int(node.rest),
                    "netArea": .string(node.netArea), "pwp": .bool(node.pwp),
                ])
            }),
            "agents": .array(topology.agents.map { group in
                .object([
                    "netArea": .string(group.netArea), "count": .int(group.count),
                    "connectsTo": .string(group.connectsTo.rawValue),
                ])
            }),
            "policy": value(topology.policy),
        ])
    }

    /// A policy as JSON (durations in seconds). `hooks`, `hookTimeoutSeconds`, `durations.pwpTakeover`,
    /// `onCrashedTargetProcess` and `maxRestarts` are written only when set (not the defaults), so topologies without
    /// them keep the hash they had before.
    public static func value(_ policy: Policy) -> JSONValue {
        let durations = policy.durations
        var fields = policyFields(policy, durations: durations)
        if !policy.hooks.isEmpty {
            let hooks = policy.hooks
            let pairs: [(String, String?)] = [
                ("beforeStep", hooks.beforeStep), ("afterStep", hooks.afterStep), ("beforeDC", hooks.beforeDC),
                ("afterDC", hooks.afterDC), ("onFailure", hooks.onFailure),
            ]
            var object: [String: JSONValue] = [:]
            for (name, command) in pairs { if let command { object[name] = .string(command) } }
            fields["hooks"] = .object(object)
        }
        if policy.hookTimeoutSeconds != Policy().hookTimeoutSeconds {
            fields["hookTimeoutSeconds"] = .int(policy.hookTimeoutSeconds)
        }
        if policy.onCrashedTargetProcess != .fail {
            fields["onCrashedTargetProcess"] = .string(policy.onCrashedTargetProcess.rawValue)
            fields["maxRestarts"] = .int(policy.maxRestarts)
        }
        if durations.pwpTakeover != Durations().pwpTakeover, case .object(var object)? = fields["durations"] {
            object["pwpTakeover"] = .int(durations.pwpTakeover)
            fields["durations"] = .object(object)
        }
        return .object(fields)
    }

    private static func policyFields(_ policy: Policy, durations: Durations) -> [String: JSONValue] {
        [
            "minActiveCPs": .int(policy.minActiveCPs),
            "minRunningWPs": .int(policy.minRunningWPs),
            "maxNodesDownPerDC": .int(policy.maxNodesDownPerDC),
            "gateBetweenDCs": value(policy.gateBetweenDCs),
            "zduPathConfirmed": .bool(policy.zduPathConfirmed),
            "onFailure": .string(policy.onFailure.rawValue),
            "durations": .object([
                "binariesStage": .int(durations.binariesStage), "processesStart": .int(durations.processesStart),
                "agentsReconnect": .int(durations.agentsReconnect), "dbLoad": .int(durations.dbLoad),
                "wizardStep": .int(durations.wizardStep), "operation": .int(durations.operation),
            ]),
            "retries": .int(policy.retries),
            "stepTimeoutSeconds": .int(policy.stepTimeoutSeconds),
        ]
    }

    /// A gate: `"none"`, `{"soak": seconds}` or `{"approval": true}`.
    public static func value(_ gate: Gate) -> JSONValue {
        switch gate {
        case .none: return .string("none")
        case let .soak(seconds): return .object(["soak": .int(seconds)])
        case .approval: return .object(["approval": .bool(true)])
        }
    }

    /// A step, every field present (`inverse`, `datacenter` and `gate` as null when absent).
    public static func value(_ step: Step) -> JSONValue {
        .object([
            "id": .string(step.id),
            "kind": .string(step.kind.rawValue),
            "nodes": .array(step.nodes.map(JSONValue.string)),
            "dependsOn": .array(step.dependsOn.map(JSONValue.string)),
            "estimateSeconds": .int(step.estimateSeconds),
            "inverse": step.inverse.map { .string($0.rawValue) } ?? .null,
            "datacenter": step.datacenter.map(JSONValue.string) ?? .null,
            "precondition": .string(step.precondition),
            "postcondition": .string(step.postcondition),
            "gate": step.gate.map(value) ?? .null,
        ])
    }

    /// A whole plan, as written to plan files.
    public static func value(_ plan: Plan) -> JSONValue {
        .object([
            "system": .string(plan.system),
            "topologyHash": .string(plan.topologyHash),
            "topology": value(plan.topology),
            "criticalPathSeconds": .int(plan.criticalPathSeconds),
            "steps": .array(plan.steps.map(value)),
        ])
    }
}
