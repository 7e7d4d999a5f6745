/* node_manifest.h — `ringwall scan` applying the CIS node definitions
 * (data/node/, the same ones `ringwall node` evaluates) to the manifests that
 * configure a node: static Pods of kube-apiserver, kube-controller-manager,
 * kube-scheduler and etcd (their command lines), and KubeletConfiguration
 * objects (their keys). The generated node/cis-* rows point here. */
#ifndef RINGWALL_NODE_MANIFEST_H
#define RINGWALL_NODE_MANIFEST_H

#include "check.h"

void node_manifest_check(const struct k8s_object *o, struct report_ctx *r);

#endif
