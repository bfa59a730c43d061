#!/bin/sh
# oneshot: render once (retrying etcd up to $CONFETTI_WAIT_FOR_DATA), then become HAProxy; a failed render stops
#          the container instead of starting HAProxy on a stale or empty config.
# watch:   confetti supervises HAProxy (exec mode): starts it after the first render, SIGUSR2 on each change
#          (HAProxy master-worker reload: new worker, same listening sockets, old worker drains).
# sidecar: confetti watch next to an HAProxy in another container of the pod (shared config volume and process
#          namespace); the resource's reload_cmd sends SIGUSR2 to the master named in /run/haproxy/haproxy.pid.
# other:   run the arguments as given (e.g. `confetti register …`, `sh`).
set -eu
cfg="${HAPROXY_CFG:-/etc/haproxy/haproxy.cfg}"
case "${1:-oneshot}" in
  oneshot)
    confetti render --wait-for-data "${CONFETTI_WAIT_FOR_DATA:-30s}"
    exec haproxy -W -db -f "$cfg"
    ;;
  watch)
    exec confetti watch --exec "haproxy -W -db -f $cfg" --reload-signal SIGUSR2
    ;;
  sidecar)
    shift
    exec confetti watch --confdir /etc/confetti-sidecar "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
