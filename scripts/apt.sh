# shellcheck shell=bash
# apt_get ARGS...: run apt-get (through sudo when not root) and wait while another apt or
# dpkg run holds its lock, instead of failing at once with exit 100.
#
# apt-get's own DPkg::Lock::Timeout covers dpkg's lock (install) but not the lock of the
# package lists that `apt-get update` takes (apt 2.6 fails on that one at once), so a run
# that fails on a lock is tried again every APT_LOCK_POLL seconds until APT_LOCK_TIMEOUT
# seconds (600) have passed. Any other failure is reported at once. APT_GET names the command
# (apt-get; the tests put a stand-in there). Sourced by setup.sh.

apt_get() {
    local timeout="${APT_LOCK_TIMEOUT:-600}" poll="${APT_LOCK_POLL:-5}" command="${APT_GET:-apt-get}"
    local start=$SECONDS waited=0 output status left
    local -a sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
    while true; do
        left=$((timeout - (SECONDS - start)))
        if [ "$left" -lt 0 ]; then left=0; fi
        status=0
        output="$(DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" "$command" -o "DPkg::Lock::Timeout=$left" "$@" 2>&1)" || status=$?
        if [ "$status" -eq 0 ]; then
            if [ "$waited" -eq 1 ]; then echo "==> apt's lock is free again; apt-get $* done" >&2; fi
            return 0
        fi
        if grep -qE 'Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock' <<<"$output" \
            && [ $((SECONDS - start)) -lt "$timeout" ]; then
            if [ "$waited" -eq 0 ]; then
                echo "==> another apt or dpkg run holds its lock; waiting for it (up to ${timeout} s): $(grep -m1 -E 'lock' <<<"$output")" >&2
                waited=1
            fi
            sleep "$poll"
            continue
        fi
        printf '%s\n' "$output" >&2
        if [ "$waited" -eq 1 ]; then echo "==> gave up waiting for apt's lock after ${timeout} s" >&2; fi
        return "$status"
    done
}
