/* audit.c — catalog rows of the built-in audit rules (family "audit"). The
 * rules themselves are data (data/audit/builtin_rules.yaml, compiled into
 * the binary) run by `ringwall audit` over audit logs, not over manifests:
 * these rows have no check function; they give `checks` and `explain` the
 * id, severity and rationale of each. */
#include "catalog.h"

static const struct check AUDIT_CHECKS[] = {
    {
        .id = "audit/exec-into-pod",
        .severity = SEV_HIGH,
        .title = "Command run in a pod (exec or attach)",
        .why = "kubectl exec and attach give a shell inside a running container, with its "
               "service account token and its secrets; outside debugging it is how an "
               "attacker moves in. WebSocket upgrades (verb get) count as well as create.",
        .fix = "Check who ran it and why; grant pods/exec and pods/attach only to break-glass "
               "roles.",
        .refs = {"MITRE ATT&CK T1609", "Falco: Attach/Exec Pod"},
    },
    {
        .id = "audit/privileged-pod-created",
        .severity = SEV_CRITICAL,
        .title = "Privileged workload created through the API",
        .why = "A privileged container can take over its node. The request object is judged "
               "by scan's workload/privileged check, so the answer is the one scan gives.",
        .fix = "Find who created it; enforce Pod Security (baseline or restricted) on the "
               "namespace.",
        .refs = {"MITRE ATT&CK T1611", "PSS baseline: Privileged Containers"},
    },
    {
        .id = "audit/hostpath-workload-created",
        .severity = SEV_HIGH,
        .title = "Workload with hostPath volumes created through the API",
        .why = "A hostPath volume exposes the node's filesystem to the pod (scan's "
               "workload/host-path and workload/runtime-socket checks on the request object).",
        .fix = "Find who created it; forbid hostPath with Pod Security baseline.",
        .refs = {"MITRE ATT&CK T1611", "PSS baseline: HostPath Volumes"},
    },
    {
        .id = "audit/cluster-admin-binding-created",
        .severity = SEV_CRITICAL,
        .title = "Binding to cluster-admin created or changed",
        .why = "A binding to cluster-admin hands full control of the cluster to its subjects.",
        .fix = "Confirm the change was intended; remove the binding otherwise.",
        .refs = {"MITRE ATT&CK T1098", "Falco: Attach to cluster-admin Role"},
    },
    {
        .id = "audit/secret-read-by-user",
        .severity = SEV_MEDIUM,
        .title = "Secrets read by a user",
        .why = "Controllers read secrets all day; a person (an identity outside system:) "
               "reading them is worth a look.",
        .fix = "Check the reader's need; narrow get/list/watch on secrets.",
        .refs = {"MITRE ATT&CK T1552.007"},
    },
    {
        .id = "audit/anonymous-request-allowed",
        .severity = SEV_HIGH,
        .title = "Anonymous request allowed",
        .why = "An unauthenticated request the API server allowed, other than the health and "
               "version endpoints: some binding grants system:anonymous or "
               "system:unauthenticated.",
        .fix = "Remove bindings to system:anonymous and system:unauthenticated, or run the API "
               "server with --anonymous-auth=false.",
        .refs = {"CIS 1.2.1", "MITRE ATT&CK T1078.001", "Falco: Anonymous Request Allowed"},
    },
    {
        .id = "audit/repeated-forbidden",
        .severity = SEV_MEDIUM,
        .title = "Repeated forbidden requests by one user",
        .why = "Many 401/403 responses for one user in a short time is someone probing what "
               "a stolen credential can do (default: 10 within 5 minutes).",
        .fix = "Find the client behind the user; rotate its credentials if it is not yours.",
        .refs = {"MITRE ATT&CK T1613"},
    },
    {
        .id = "audit/sa-token-created",
        .severity = SEV_MEDIUM,
        .title = "Service account token created by a user",
        .why = "serviceaccounts/token mints a token for the service account: a person doing "
               "it borrows that account's permissions.",
        .fix = "Check the requester's need; restrict create on serviceaccounts/token.",
        .refs = {"MITRE ATT&CK T1528"},
    },
    {
        .id = "audit/webhook-config-changed",
        .severity = SEV_HIGH,
        .title = "Admission webhook or policy changed",
        .why = "A mutating or validating webhook sees, and may rewrite, every matching object; "
               "changing one is a persistence and defence-evasion path.",
        .fix = "Confirm the change came from the owner of the webhook.",
        .refs = {"MITRE ATT&CK T1546"},
    },
    {
        .id = "audit/node-proxy",
        .severity = SEV_HIGH,
        .title = "Request through nodes/proxy",
        .why = "nodes/proxy reaches the kubelet API (exec, logs, pods) directly; what it runs "
               "there escapes admission and the API server's audit.",
        .fix = "Grant nodes/proxy only to monitoring that needs it.",
        .refs = {"MITRE ATT&CK T1609"},
    },
    {
        .id = "audit/rbac-escalation",
        .severity = SEV_HIGH,
        .title = "Role granting escalate, bind, impersonate or a wildcard",
        .why = "escalate, bind and impersonate let a subject grant itself more than it has; a "
               "wildcard grants everything, later resources included.",
        .fix = "Confirm the change; grant the specific verbs and resources needed.",
        .refs = {"MITRE ATT&CK T1098", "Falco: ClusterRole With Wildcard Created"},
    },
    {
        .id = "audit/audit-policy-tampering",
        .severity = SEV_CRITICAL,
        .title = "Audit configuration changed",
        .why = "Where the audit policy or sink is an API object (a ConfigMap named for audit, "
               "an AuditSink), changing it can blind the audit log.",
        .fix = "Confirm the change; restrict write access to the audit configuration.",
        .refs = {"MITRE ATT&CK T1562.008"},
    },
    {
        .id = "audit/csr-approved-by-user",
        .severity = SEV_MEDIUM,
        .title = "Certificate signing request approved by a user",
        .why = "An approved CSR yields a client certificate that authenticates as any name it "
               "asks for and cannot be revoked; people rarely need to approve one.",
        .fix = "Check the request's subject and who approved it.",
        .refs = {"MITRE ATT&CK T1649"},
    },
};

const struct check_family FAMILY_AUDIT = {
    .name = "audit",
    .checks = AUDIT_CHECKS,
    .nchecks = sizeof AUDIT_CHECKS / sizeof *AUDIT_CHECKS,
};
