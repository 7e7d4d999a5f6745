/* stub.c — a stand-in for a Kubernetes component in the node tests: started
 * with argv[0] = kube-apiserver (or another) and the component's flags, it
 * accepts any argument and waits, so /proc/PID/cmdline shows a real command
 * line. It ends on SIGTERM, or after 120 s should the test die. */
#include <unistd.h>

int main(void)
{
    alarm(120);
    pause();
    return 0;
}
