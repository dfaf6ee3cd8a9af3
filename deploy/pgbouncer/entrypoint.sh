#!/bin/sh
# The password of the portal's role, from the environment, for clients and for PostgreSQL.
set -eu
mkdir -p /run/pgbouncer
printf '"%s" "%s"\n' "${POSTGRES_USER:-portal}" "$POSTGRES_PASSWORD" > /run/pgbouncer/userlist.txt
chown -R postgres /run/pgbouncer
chmod 600 /run/pgbouncer/userlist.txt
exec pgbouncer -u postgres /etc/pgbouncer/pgbouncer.ini
