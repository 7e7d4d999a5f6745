/* rules.c — the allow-lists behind rules.h: default capabilities, safe
 * sysctls by policy version, SELinux types. */
#include "rules.h"

bool rule_capability_default(const char *cap)
{
    static const char *const DEFAULTS[] = {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };
    for (size_t i = 0; i < sizeof DEFAULTS / sizeof *DEFAULTS; i++)
        if (strcmp(cap, DEFAULTS[i]) == 0)
            return true;
    return false;
}

bool rule_sysctl_safe(const char *name, unsigned sysctl_minor)
{
    static const struct {
        const char *name;
        unsigned since;
    } SAFE[] = {
        {"kernel.shm_rmid_forced", 0},
        {"net.ipv4.ip_local_port_range", 0},
        {"net.ipv4.tcp_syncookies", 0},
        {"net.ipv4.ping_group_range", 0},
        {"net.ipv4.ip_unprivileged_port_start", 0},
        {"net.ipv4.ip_local_reserved_ports", 27},
        {"net.ipv4.tcp_keepalive_time", 29},
        {"net.ipv4.tcp_fin_timeout", 29},
        {"net.ipv4.tcp_keepalive_intvl", 29},
        {"net.ipv4.tcp_keepalive_probes", 29},
        {"net.ipv4.tcp_rmem", 32},
        {"net.ipv4.tcp_wmem", 32},
        {"net.ipv4.tcp_slow_start_after_idle", 37},
        {"net.ipv4.tcp_notsent_lowat", 37},
    };
    for (size_t i = 0; i < sizeof SAFE / sizeof *SAFE; i++)
        if (SAFE[i].since <= sysctl_minor && strcmp(name, SAFE[i].name) == 0)
            return true;
    return false;
}

bool rule_selinux_type_ok(const char *type, bool engine_type)
{
    return !*type || strcmp(type, "container_t") == 0 || strcmp(type, "container_init_t") == 0 ||
           strcmp(type, "container_kvm_t") == 0 ||
           (engine_type && strcmp(type, "container_engine_t") == 0);
}
