# Copy to $CATALINA_BASE/bin/setenv.sh. Tomcat sources it at start-up.
# verified-proxy settings can be given as system properties here, or as VERIFIEDPROXY_*
# environment variables in the service definition (see README.md, Configuration).
CATALINA_OPTS="$CATALINA_OPTS -Xmx512m"
# CATALINA_OPTS="$CATALINA_OPTS -Dverifiedproxy.verify.max-body-bytes=8MiB"
export CATALINA_OPTS
