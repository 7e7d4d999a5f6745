#!/usr/bin/env python3
"""fixture.py — builds a Kubernetes node's filesystem under a directory for
`ringwall node`: static Pod manifests, kubeconfigs, a kubelet config at a
non-default path, the kubelet's systemd unit and drop-ins, PKI made with
openssl, audit policy, encryption config, file modes and owners. A hardened
node passes every automated check; a weak one fails every one.

    fixture.py DIR master|worker hardened|weak

prints, one per line, the command lines (JSON arrays) of the processes the
node runs, for the caller to start with the stub (or to leave unstarted: the
manifests and the systemd unit say the same)."""
import json
import os
import subprocess
import sys

ETCD_UID = 1234
NOBODY = 65534


def write(root, path, text, mode=0o600, owner=(0, 0)):
    full = root + path
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    os.chmod(full, mode)
    os.chown(full, *owner)
    return path


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def pki(root, weak, mode_crt, mode_key, owner):
    d = root + "/etc/kubernetes/pki"
    os.makedirs(d + "/etcd", exist_ok=True)
    os.chown(d, *owner)
    os.chown(d + "/etcd", *owner)
    names = ["ca", "apiserver", "apiserver-kubelet-client", "front-proxy-ca", "etcd/ca",
             "etcd/server", "etcd/peer", "apiserver-etcd-client", "sa"]
    for n in names:
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj",
                "/CN=" + n.replace("/", "-"), "-keyout", f"{d}/{n}.key", "-out", f"{d}/{n}.crt")
    if weak:
        # expired, expiring within 30 days, and a 1024-bit key
        openssl("x509", "-in", f"{d}/front-proxy-ca.crt", "-signkey", f"{d}/front-proxy-ca.key",
                "-days", "-1", "-out", f"{d}/front-proxy-ca.crt")
        openssl("x509", "-in", f"{d}/apiserver.crt", "-signkey", f"{d}/apiserver.key",
                "-days", "10", "-out", f"{d}/apiserver.crt")
        openssl("req", "-x509", "-newkey", "rsa:1024", "-nodes", "-days", "365", "-subj",
                "/CN=weak", "-keyout", f"{d}/sa.key", "-out", f"{d}/sa.crt")
    # the service-account key pair, as kubeadm makes it: sa.key and sa.pub, no
    # certificate (the key itself is judged)
    openssl("pkey", "-in", f"{d}/sa.key", "-pubout", "-out", f"{d}/sa.pub")
    os.unlink(f"{d}/sa.crt")
    for n in names:
        for ext, mode in ((".crt", mode_crt), (".key", mode_key)):
            if os.path.exists(f"{d}/{n}{ext}"):
                os.chmod(f"{d}/{n}{ext}", mode)
                os.chown(f"{d}/{n}{ext}", *owner)
    os.chmod(f"{d}/sa.pub", mode_crt)
    os.chown(f"{d}/sa.pub", *owner)


def manifest(name, image, argv):
    cmd = "\n".join(f"    - {json.dumps(a)}" for a in argv)
    return f"""apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: {name}
    image: registry.k8s.io/{image}:v1.32.2
    command:
{cmd}
"""


KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: k, cluster: {server: "https://10.0.0.1:6443"}}]
users: [{name: u, user: {}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
current-context: c
"""


def master(root, weak):
    fmode, owner = (0o666, (NOBODY, NOBODY)) if weak else (0o600, (0, 0))
    pki(root, weak, 0o666 if weak else 0o644, 0o666 if weak else 0o600, owner)
    for conf in ("admin.conf", "super-admin.conf", "scheduler.conf", "controller-manager.conf"):
        write(root, "/etc/kubernetes/" + conf, KUBECONFIG, fmode, owner)
    write(root, "/etc/kubernetes/audit/policy.yaml",
          "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n")
    first = "identity: {}" if weak else "aescbc:\n      keys: [{name: k1, secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==}]"
    write(root, "/etc/kubernetes/enc/config.yaml", f"""apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - {first}
  - identity: {{}}
""")
    os.makedirs(root + "/var/lib/etcd/member", exist_ok=True)
    os.chmod(root + "/var/lib/etcd", 0o755 if weak else 0o700)
    os.chown(root + "/var/lib/etcd", *((0, 0) if weak else (ETCD_UID, ETCD_UID)))
    p = "/etc/kubernetes/pki/"
    if weak:
        api = ["kube-apiserver", "--token-auth-file=/etc/kubernetes/tokens.csv",
               "--authorization-mode=AlwaysAllow", "--enable-admission-plugins=AlwaysAdmit",
               "--disable-admission-plugins=ServiceAccount,NamespaceLifecycle",
               "--profiling=true", "--audit-log-maxage=1", "--audit-log-maxbackup=1",
               "--audit-log-maxsize=1", "--service-account-lookup=false",
               "--service-account-extend-token-expiration=true", "--anonymous-auth=true",
               "--tls-cipher-suites=TLS_RSA_WITH_RC4_128_SHA",
               "--encryption-provider-config=/etc/kubernetes/enc/config.yaml"]
        cm = ["kube-controller-manager", "--profiling=true",
              "--use-service-account-credentials=false",
              "--feature-gates=RotateKubeletServerCertificate=false", "--bind-address=0.0.0.0"]
        sched = ["kube-scheduler", "--profiling", "--bind-address=0.0.0.0"]
        etcd = ["etcd", "--client-cert-auth=false", "--auto-tls=true",
                "--peer-client-cert-auth=false", "--peer-auto-tls=true", "--data-dir=/var/lib/etcd"]
    else:
        api = ["kube-apiserver", "--anonymous-auth=false",
               "--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,"
               "DenyServiceExternalIPs",
               "--authorization-mode=Node,RBAC",
               f"--kubelet-client-certificate={p}apiserver-kubelet-client.crt",
               f"--kubelet-client-key={p}apiserver-kubelet-client.key",
               f"--kubelet-certificate-authority={p}ca.crt", "--profiling=false",
               "--audit-log-path=/var/log/kubernetes/audit.log", "--audit-log-maxage=30",
               "--audit-log-maxbackup=10", "--audit-log-maxsize=100",
               "--audit-policy-file=/etc/kubernetes/audit/policy.yaml",
               "--service-account-lookup=true", f"--service-account-key-file={p}sa.pub",
               f"--etcd-certfile={p}apiserver-etcd-client.crt",
               f"--etcd-keyfile={p}apiserver-etcd-client.key",
               f"--tls-cert-file={p}apiserver.crt", f"--tls-private-key-file={p}apiserver.key",
               f"--client-ca-file={p}ca.crt", f"--etcd-cafile={p}etcd/ca.crt",
               "--encryption-provider-config=/etc/kubernetes/enc/config.yaml",
               "--tls-cipher-suites=TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
               "--service-account-extend-token-expiration=false"]
        cm = ["kube-controller-manager", "--terminated-pod-gc-threshold=10", "--profiling=false",
              "--use-service-account-credentials=true",
              f"--service-account-private-key-file={p}sa.key", f"--root-ca-file={p}ca.crt",
              "--bind-address=127.0.0.1", "--kubeconfig=/etc/kubernetes/controller-manager.conf"]
        sched = ["kube-scheduler", "--profiling=false", "--bind-address", "127.0.0.1",
                 "--kubeconfig=/etc/kubernetes/scheduler.conf"]
        etcd = ["etcd", f"--cert-file={p}etcd/server.crt", f"--key-file={p}etcd/server.key",
                "--client-cert-auth=true", f"--peer-cert-file={p}etcd/peer.crt",
                f"--peer-key-file={p}etcd/peer.key", "--peer-client-cert-auth=true",
                f"--trusted-ca-file={p}etcd/ca.crt", "--data-dir=/var/lib/etcd"]
    for name, argv in (("kube-apiserver", api), ("kube-controller-manager", cm),
                       ("kube-scheduler", sched), ("etcd", etcd)):
        write(root, f"/etc/kubernetes/manifests/{name}.yaml",
              manifest(name, name if name != "etcd" else "etcd", argv), fmode, owner)
    return [api, cm, sched, etcd]


def worker(root, weak):
    fmode, owner = (0o644, (NOBODY, NOBODY)) if weak else (0o600, (0, 0))
    os.makedirs(root + "/etc/kubernetes/pki", exist_ok=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", "/CN=ca",
            "-keyout", root + "/etc/kubernetes/pki/ca.key", "-out", root + "/etc/kubernetes/pki/ca.crt")
    os.chmod(root + "/etc/kubernetes/pki/ca.key", 0o600)
    os.chmod(root + "/etc/kubernetes/pki/ca.crt", 0o666 if weak else 0o644)
    os.chown(root + "/etc/kubernetes/pki/ca.crt", *owner)
    kp = root + "/var/lib/kubelet/pki/"
    os.makedirs(kp, exist_ok=True)
    openssl("req", "-x509", "-newkey", "rsa:1024" if weak else "rsa:2048", "-nodes", "-days",
            "365", "-subj", "/CN=system:node:w1", "-keyout", kp + "kubelet.key", "-out",
            kp + "kubelet.crt")
    if weak:  # the serving certificate expired, the client one expires in 10 days
        openssl("x509", "-in", kp + "kubelet.crt", "-signkey", kp + "kubelet.key", "-days", "-1",
                "-out", kp + "kubelet.crt")
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "10", "-subj",
                "/CN=system:node:w1", "-keyout", kp + "client.key", "-out", kp + "client.crt")
        with open(kp + "kubelet-client-current.pem", "w") as out:
            out.write(open(kp + "client.crt").read() + open(kp + "client.key").read())
        os.unlink(kp + "client.crt")
        os.unlink(kp + "client.key")
    write(root, "/etc/kubernetes/kubelet.conf", KUBECONFIG, fmode, owner)
    write(root, "/etc/cni/net.d/10-bridge.conflist", '{"cniVersion": "1.0.0", "name": "k8s"}\n',
          fmode, owner)
    write(root, "/var/lib/kube-proxy/kubeconfig.conf", KUBECONFIG, fmode, owner)
    cfg = "/etc/kubernetes/kubelet/custom-config.yaml"  # not the default path
    if weak:
        write(root, cfg, """apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: {enabled: false}
authorization: {mode: AlwaysAllow}
readOnlyPort: 10255
streamingConnectionIdleTimeout: "0"
makeIPTablesUtilChains: false
eventRecordQPS: -1
rotateCertificates: false
featureGates: {RotateKubeletServerCertificate: false}
tlsCipherSuites: [TLS_RSA_WITH_RC4_128_SHA]
""", fmode, owner)
        proxy_cfg = "metricsBindAddress: 0.0.0.0:10249\n"
    else:
        write(root, cfg, """{"apiVersion": "kubelet.config.k8s.io/v1beta1",
 "kind": "KubeletConfiguration",
 "authentication": {"anonymous": {"enabled": false}, "webhook": {"enabled": true},
                    "x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"}},
 "authorization": {"mode": "Webhook"},
 "readOnlyPort": 10255,
 "streamingConnectionIdleTimeout": "5m",
 "makeIPTablesUtilChains": true,
 "eventRecordQPS": 5,
 "tlsCertFile": "/var/lib/kubelet/pki/kubelet.crt",
 "tlsPrivateKeyFile": "/var/lib/kubelet/pki/kubelet.key",
 "rotateCertificates": true,
 "protectKernelDefaults": true,
 "featureGates": {"RotateKubeletServerCertificate": true},
 "tlsCipherSuites": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
 "podPidsLimit": 4096,
 "seccompDefault": true}
""", fmode, owner)
        proxy_cfg = "metricsBindAddress: 127.0.0.1:10249\n"
    write(root, "/var/lib/kube-proxy/config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
          "kind: KubeProxyConfiguration\nclientConnection:\n  kubeconfig: "
          "/var/lib/kube-proxy/kubeconfig.conf\n" + proxy_cfg)
    # the kubelet as systemd starts it: the unit, kubeadm's drop-in (which resets
    # ExecStart), kubeadm-flags.env and /etc/default/kubelet
    write(root, "/lib/systemd/system/kubelet.service", """[Unit]
Description=kubelet
[Service]
ExecStart=/usr/bin/kubelet --anonymous-auth=true
Restart=always
""", 0o644)
    write(root, "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", f"""# kubeadm's drop-in
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf \\
 --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config={cfg}"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
""", fmode, owner)
    write(root, "/var/lib/kubelet/kubeadm-flags.env",
          'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock"\n')
    # flags win over the config file: anonymous-auth in the weak node, the
    # read-only port in the hardened one
    extra = ("--anonymous-auth=true --read-only-port=10255 --hostname-override=w1" if weak
             else "--read-only-port=0")
    write(root, "/etc/default/kubelet", f"KUBELET_EXTRA_ARGS={extra}\n", 0o644)
    kubelet = ["kubelet", "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
               "--kubeconfig=/etc/kubernetes/kubelet.conf", f"--config={cfg}",
               "--container-runtime-endpoint=unix:///run/containerd/containerd.sock", *extra.split()]
    proxy = ["kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=w1"]
    return [kubelet, proxy]


def build(root, role, flavour):
    weak = flavour == "weak"
    write(root, "/etc/passwd", f"root:x:0:0::/root:/bin/sh\netcd:x:{ETCD_UID}:{ETCD_UID}::/:/bin/false\n"
          f"nobody:x:{NOBODY}:{NOBODY}::/:/bin/false\n", 0o644)
    write(root, "/etc/group", f"root:x:0:\netcd:x:{ETCD_UID}:\nnogroup:x:{NOBODY}:\n", 0o644)
    if not weak:
        write(root, "/sys/module/apparmor/parameters/enabled", "Y\n", 0o644)
    procs = worker(root, weak)
    if role == "master":
        procs = master(root, weak) + procs
    return procs


if __name__ == "__main__":
    for argv in build(sys.argv[1], sys.argv[2], sys.argv[3]):
        print(json.dumps(argv))
