#!/bin/sh
# Installs Debian packages into the images of the optional compose profiles
# (docker/postgres, docker/prometheus) the way a slim image wants them: no
# documentation, manual pages or translations (as in Debian's own slim
# images), no service started by dpkg while installing (policy-rc.d), and no
# package cache or lists left behind. Usage: apt-install.sh PACKAGE...
set -eu
printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/locale/*' 'path-exclude /usr/share/info/*' \
    >/etc/dpkg/dpkg.cfg.d/newswire-slim
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod +x /usr/sbin/policy-rc.d
apt-get update
apt-get install -y --no-install-recommends "$@"
apt-get clean
rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d
